/*
** minutes_dates.c — dates in minutes text (minutes_date) and the deadline
** a resolution sets (mp_due): "by 15th March 2017", "deferred to the
** meeting on ...", "report back in March 2017".
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minutes_int.h"

/* ---- dates -------------------------------------------------------------- */

/* If s[i..n) starts with a month name or abbreviation ("March", "Mar",
   "Mar.", "Sept") not followed by a letter, return its number and set
   *len; else 0. */
static int mp_month(const char *s, size_t n, size_t i, size_t *len)
{
	static const char *const names[12] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"
	};
	char abbr[4];
	const char *cand[3];
	size_t k, j;
	int m;

	if (i >= n || !mp_isalpha((unsigned char)s[i]))
		return 0;
	for (m = 0; m < 12; m++) {
		if (names[m][0] != mp_lower((unsigned char)s[i]))
			continue;   /* cheap: this is tried at every word */
		memcpy(abbr, names[m], 3);
		abbr[3] = '\0';
		cand[0] = names[m];
		cand[1] = m == 8 ? "sept" : abbr;
		cand[2] = abbr;
		for (j = 0; j < 3; j++) {
			k = mp_prefix(s + i, n - i, cand[j]);
			if (k && j && i + k < n && s[i + k] == '.')
				k++;
			if (k && (i + k == n || !mp_isalpha((unsigned char)s[i + k]))) {
				*len = k;
				return m + 1;
			}
		}
	}
	return 0;
}

/* Days in month m (1 to 12) of year y. */
static int mp_mdays(int y, int m)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mdays[m - 1] + (m == 2 && leap);
}

/* 1 if y-m-d is a real calendar date. */
static int mp_date_ok(int y, int m, int d)
{
	return y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= mp_mdays(y, m);
}

/* Skip an ordinal suffix ("st", "nd", "rd", "th") at s[i]; return new i. */
static size_t mp_ordinal(const char *s, size_t n, size_t i)
{
	static const char *const sfx[] = { "st", "nd", "rd", "th" };
	size_t k;

	for (k = 0; k < 4; k++)
		if (mp_word(s, n, i, sfx[k]))
			return i + 2;
	return i;
}

/* Parse " YYYY" at s[i] (after an optional comma).  Returns the index after
   it with *y set, or 0. */
static size_t mp_year(const char *s, size_t n, size_t i, int *y)
{
	if (i < n && s[i] == ',')
		i++;
	if (i >= n || s[i] != ' ')
		return 0;
	i++;
	if (mp_num(s, n, i, 4, y) != 4)
		return 0;
	return i + 4;
}

/*
** Parse a date at the start of s (n bytes): "15/03/2017", "15.03.2017",
** "15-03-2017", "15th March 2017", "15 of March, 2017", "March 15, 2017",
** or a month alone, "March 2017" (*d set to 0).  Returns its length with
** *y, *m, *d set; 0 if no date starts there; minus its length if one does
** but is not a real date.  Only a date starting with a letter can be a
** month alone.
*/
long mp_date_at(const char *s, size_t n, int *y, int *m, int *d)
{
	size_t i, k, ml;
	char sep;

	if ((k = mp_num(s, n, 0, 2, d)) != 0) {
		i = k;
		if (i < n && (s[i] == '/' || s[i] == '.' || s[i] == '-')) {
			sep = s[i];
			k = mp_num(s, n, i + 1, 2, m);
			if (k && i + 1 + k < n && s[i + 1 + k] == sep
			    && mp_num(s, n, i + 2 + k, 4, y) == 4)
				return (mp_date_ok(*y, *m, *d) ? 1 : -1) * (long)(i + 6 + k);
			return 0;
		}
		i = mp_ordinal(s, n, i);
		if (i >= n || s[i] != ' ')
			return 0;
		i++;
		i += mp_word(s, n, i, "of") ? 3 : 0;
		if (!(*m = mp_month(s, n, i, &ml)) || !(i = mp_year(s, n, i + ml, y)))
			return 0;
		return (mp_date_ok(*y, *m, *d) ? 1 : -1) * (long)i;
	}
	if (!(*m = mp_month(s, n, 0, &ml)) || ml >= n || s[ml] != ' ')
		return 0;
	if (mp_num(s, n, ml + 1, 4, y) == 4) {
		*d = 0;
		return (*y >= 1000 ? 1 : -1) * (long)(ml + 5);
	}
	if (!(k = mp_num(s, n, ml + 1, 2, d)))
		return 0;
	i = mp_ordinal(s, n, ml + 1 + k);
	if (!(i = mp_year(s, n, i, y)))
		return 0;
	return (mp_date_ok(*y, *m, *d) ? 1 : -1) * (long)i;
}

long minutes_date(const char *s, size_t n, char iso[11])
{
	int y = 0, m = 0, d = 0;
	long len = mp_date_at(s, n, &y, &m, &d);

	if (len > 0 && d == 0)
		return 0;   /* a month alone is no day */
	if (len > 0)
		snprintf(iso, 11, "%04d-%02d-%02d", y, m, d);
	return len;
}

/* How the words before a date present it (mp_cue). */
enum { MC_NONE, MC_DATE, MC_BEFORE, MC_IN };

/*
** 1 if word k of b, just before "on" or "in", makes the date look back
** rather than ahead: a past participle ("held", "taken", most words in
** "-ed" but not "scheduled", "planned", ...) unless after "be" ("be held
** on" is ahead), "took place", or "meeting" after "of" ("the minutes of
** the last meeting on").
*/
static int mp_lookback(const struct mp_back *b, size_t k)
{
	static const char *const past[] = {
		"held", "met", "made", "sent", "given", "taken", "written",
		"seen", "done", "begun", "began", "came", "went", "issued", NULL
	};
	static const char *const ahead[] = {
		"scheduled", "planned", "arranged", "proposed", "timetabled",
		"programmed", "rearranged", "rescheduled", "needed", "required",
		"expected", "intended", "deferred", "moved", "postponed",
		"adjourned", NULL
	};
	static const char *const det[] = {
		"the", "its", "their", "this", "next", "last", "previous", NULL
	};
	const char *w;
	size_t n, j;

	if (k >= b->n)
		return 0;
	w = b->s + b->at[k];
	n = b->len[k];
	if (MP_IS(b, k, "place"))
		return MP_IS(b, k + 1, "took");
	if (mp_back_is(b, k, (const char *const[]){ "meeting", "meetings", NULL })) {
		for (j = k + 1; j < k + 3 && mp_back_is(b, j, det); j++)
			;
		return MP_IS(b, j, "of");
	}
	if (!mp_back_is(b, k, past)
	    && !(n > 3 && mp_lower((unsigned char)w[n - 2]) == 'e'
	         && mp_lower((unsigned char)w[n - 1]) == 'd'))
		return 0;
	return !mp_back_is(b, k, ahead) && !MP_IS(b, k + 1, "be");
}

/*
** How the words before the date at s[i] present it:
**   MC_DATE    as a deadline or a slot: "by", "until", "till", "no (or
**              not) later than", "moved / deferred / postponed / adjourned
**              / rescheduled / brought back / ... to", "on" ("taken on",
**              "at the meeting on", "be held on")
**   MC_BEFORE  "before" ("on or before" too)
**   MC_IN      "in" ("report back in March 2017")
**   MC_NONE    anything else, or "on" / "in" after words that look back
**              (mp_lookback: "the meeting held on", "published in")
** "the" and a weekday ("on Tuesday, 15 March 2017") may come between.
** After "or", a date gets chain_cue if the word before the "or" ends at
** chain (the end of the date before: "on 31 June 2017 or 1 July 2017").
** Looks at a bounded number of bytes.
*/
static int mp_cue(const char *s, size_t i, size_t chain, int chain_cue)
{
	static const char *const skip[] = {
		"the", "monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday", NULL
	};
	static const char *const until[] = { "by", "until", "till", NULL };
	static const char *const moved[] = {
		"moved", "deferred", "postponed", "adjourned", "rescheduled",
		"changed", "back", "forward", NULL
	};
	struct mp_back b;
	size_t j;

	mp_back(&b, s, i, MP_BACK);
	for (j = 0; j < 2 && mp_back_is(&b, j, skip); j++)
		;
	if (mp_back_is(&b, j, until))
		return MC_DATE;
	if (MP_IS(&b, j, "before"))
		return MC_BEFORE;
	if (MP_IS(&b, j, "than") && MP_IS(&b, j + 1, "later")
	    && mp_back_is(&b, j + 2, (const char *const[]){ "no", "not", NULL }))
		return MC_DATE;
	if (MP_IS(&b, j, "to") && mp_back_is(&b, j + 1, moved))
		return MC_DATE;
	if (MP_IS(&b, j, "or") && j + 1 < b.n && b.at[j + 1] + b.len[j + 1] == chain)
		return chain_cue;
	if (MP_IS(&b, j, "on"))
		return mp_lookback(&b, j + 1) ? MC_NONE : MC_DATE;
	if (MP_IS(&b, j, "in"))
		return mp_lookback(&b, j + 1) ? MC_NONE : MC_IN;
	return MC_NONE;
}

/*
** The due date of resolution text s (n bytes) as a malloc'd "YYYY-MM-DD"
** in *out, or NULL: the first real date that mp_cue presents as a deadline
** or a slot ("in" only if the resolution is an action).  A month alone
** gives its last day ("report back in March 2017": 2017-03-31), or after
** "before" the last day of the month before.  Returns 0 or -1 (out of
** memory).
*/
int mp_due(const char *s, size_t n, int action, char **out)
{
	size_t i, len, chain = SIZE_MAX;
	int y, m, d, cue, chain_cue = MC_NONE;
	long got;

	*out = NULL;
	for (i = 0; i < n; i++) {
		if ((i && mp_isword((unsigned char)s[i - 1]))
		    || (!mp_isdigit((unsigned char)s[i]) && !mp_isalpha((unsigned char)s[i])))
			continue;
		got = mp_date_at(s + i, n - i, &y, &m, &d);
		if (!got)
			continue;
		cue = mp_cue(s, i, chain, chain_cue);
		if (cue == MC_IN && !action)
			cue = MC_NONE;
		if (got > 0 && cue != MC_NONE) {
			if (d == 0 && cue == MC_BEFORE && --m == 0) {
				m = 12;
				y--;
			}
			if (d == 0)
				d = mp_mdays(y, m);
			*out = malloc(11);
			if (!*out)
				return -1;
			snprintf(*out, 11, "%04d-%02d-%02d", y, m, d);
			return 0;
		}
		len = (size_t)(got < 0 ? -got : got);
		chain = i + len;
		chain_cue = cue;
		i = chain - 1;
	}
	return 0;
}
