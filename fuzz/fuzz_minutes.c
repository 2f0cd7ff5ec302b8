/*
** fuzz_minutes.c — libFuzzer target for the minutes page parser: any
** bytes must parse or fail cleanly, with no crash, leak or hang.
*/
#include <stdint.h>
#include <stdlib.h>

#include "minutes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct minutes_page p = { 0 };
	char *err = NULL;

	if (minutes_parse((const char *)data, size, "fuzz", &p, &err) == 0)
		minutes_free(&p);
	free(err);
	return 0;
}
