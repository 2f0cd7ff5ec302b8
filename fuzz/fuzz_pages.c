/*
** fuzz_pages.c — libFuzzer target for the page reader: any bytes through
** page_parse (every family, and the HTML path when they look like HTML)
** must return 0 or -1 with a message, never crash, leak or read out of
** bounds; and through the HTML converter directly.
*/
#include <stdint.h>
#include <stdlib.h>

#include "html.h"
#include "page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct page p = { 0 };
	char *err = NULL, *text = NULL;
	size_t len;

	if (page_parse((const char *)data, size, "fuzz", NULL, &p, &err) == 0)
		page_free(&p);
	free(err);
	if (html_text((const char *)data, size, &text, &len) == 0)
		free(text);
	return 0;
}
