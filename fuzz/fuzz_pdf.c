/*
** fuzz_pdf.c — libFuzzer target for a supporting document's extraction
** (import/pdf.c): any bytes give text or a recorded failure, with no
** crash, leak or hang of the caller.  poppler runs in the extractor's
** child process, so a crash there is a failure with a reason here.
*/
#include <stdint.h>
#include <stdlib.h>

#include "pdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdf_limits lim;
	struct pdf_doc d;

	pdf_limits_default(&lim);
	lim.max_seconds = 2;
	lim.max_text = 1u << 20;
	if (pdf_extract(data, size, &lim, &d) == 0)
		pdf_doc_free(&d);
	return 0;
}
