/*
** moderngov.c — placeholder until the XML importer lands: refuses XML.
*/
#include "moderngov.h"
#include "store_int.h"

int mg_is_xml(const char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	return i < len && data[i] == '<';
}

int mg_import(store *s, const char *data, size_t len, const char *name,
              const struct mg_options *opt, struct mg_result *res)
{
	return store_fail(s, -ENOTSUP, "%s:1: ModernGov XML import is not "
	                  "available in this build", name);
}
