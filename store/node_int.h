/*
** node_int.h — what the two files of the node layer share, not for the
** rest of store/ (store_int.h) nor for fs/ and tools/ (store.h): node.c
** (the kinds of node, paths, links, attributes, listings and the public
** entry points, each in one snapshot) and lookup.c (a name in a folder,
** a path from the root).  Each function's contract is above its
** definition.
*/
#ifndef GOVFS_NODE_INT_H
#define GOVFS_NODE_INT_H

#include "store_int.h"

/* Which table a node's id is a row of. */
enum node_row { R_NONE, R_BOARD, R_MEETING, R_ITEM, R_ACTION, R_PERSON,
                R_PLAN, R_QUERY,
                R_DOCS,         /* an item that has documents with files */
                R_ACTS,         /* an item that has actions */
                R_DOCUMENT,     /* a document with a kept file */
                R_ISSUE };

/* Each kind of node (node.c). */
struct node_info {
	enum node_type type;
	enum node_row row;
	const char *name;       /* for logs; the fixed name where it has one */
	const char *views;      /* singletons: change-log tables for mtime */
};
extern const struct node_info node_info[NK__COUNT];

/* Children with fixed names, in the order readdir lists them (node.c):
   node_fixed[0 .. NODE_NFIXED). */
struct node_fixed {
	enum node_kind parent, kind;
	const char *name;
};
extern const struct node_fixed node_fixed[];
extern const size_t node_nfixed;
#define NODE_NFIXED node_nfixed

/* node.c */
int64_t node_fixed_id(enum node_kind child, int64_t parent_id);
int node_row_mtime(store *s, enum node_kind k, int64_t id, int64_t *mtime);
int node_getattr_keep(store *s, uint64_t ino, struct node_attr *out,
                      struct buf *keep);
int node_lookup_search(store *s, int64_t qid, const char *name, int64_t *id);

/* lookup.c: inside the caller's snapshot (node.c's entry points). */
int node_lookup_(store *s, uint64_t parent, const char *name,
                 struct node_attr *out, struct buf *keep);
int node_resolve_(store *s, const char *path, struct node_attr *out);

#endif
