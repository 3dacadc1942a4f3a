package corpus

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

const monthNames = `january|february|march|april|may|june|july|august|september|october|november|december|` +
	`jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec`

var (
	dayMonthYearRe = regexp.MustCompile(`(?i)\b(\d{1,2})\s+(` + monthNames + `)\.?\s+(\d{4})\b`)
	monthYearRe    = regexp.MustCompile(`(?i)\b(` + monthNames + `)\.?\s+(\d{4})\b`)
	isoDateRe      = regexp.MustCompile(`\b(\d{4})-(\d{2})(?:-(\d{2}))?(?:T|\b)`)
	numericDateRe  = regexp.MustCompile(`\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b`)
	hashtagRe      = regexp.MustCompile(`[#@][\p{L}\p{N}_]+`)
)

// isDateline reports whether a line is mostly a date, as in
// "March 2024 | #MigrationEU" or "Brussels, 12 March 2024": once the date,
// hashtags and punctuation are gone, at most one word (a place) remains. A
// line split by "|" is a dateline when one of its parts is.
func isDateline(t string) bool {
	if parts := strings.Split(t, "|"); len(parts) > 1 {
		for _, p := range parts {
			if isDateline(p) {
				return true
			}
		}
		return false
	}
	rest, ok := cutDate(t)
	if !ok || parseDate(t) == "" {
		return false
	}
	rest = hashtagRe.ReplaceAllString(rest, " ")
	words := 0
	for _, f := range strings.Fields(rest) {
		if strings.ContainsFunc(f, isWordRune) {
			words++
		}
	}
	return words <= 1
}

// cutDate removes the first date from t.
func cutDate(t string) (string, bool) {
	for _, re := range []*regexp.Regexp{dayMonthYearRe, monthYearRe, isoDateRe, numericDateRe} {
		if loc := re.FindStringIndex(t); loc != nil {
			return t[:loc[0]] + " " + t[loc[1]:], true
		}
	}
	return t, false
}

// parseDate returns the first date in t as "YYYY-MM-DD" or "YYYY-MM", or
// "" when there is none or it is not a real month.
func parseDate(t string) string {
	if m := dayMonthYearRe.FindStringSubmatch(t); m != nil {
		return isoDate(m[3], monthNumber(m[2]), m[1])
	}
	if m := monthYearRe.FindStringSubmatch(t); m != nil {
		return isoDate(m[2], monthNumber(m[1]), "")
	}
	if m := isoDateRe.FindStringSubmatch(t); m != nil {
		mon, _ := strconv.Atoi(m[2])
		return isoDate(m[1], mon, m[3])
	}
	if m := numericDateRe.FindStringSubmatch(t); m != nil {
		mon, _ := strconv.Atoi(m[2])
		return isoDate(m[3], mon, m[1])
	}
	return ""
}

// monthNumber maps an English month name or abbreviation to 1–12.
func monthNumber(name string) int {
	name = strings.ToLower(name)
	for i, full := range strings.Split(monthNames, "|")[:12] {
		if strings.HasPrefix(full, name) && len(name) >= 3 {
			return i + 1
		}
	}
	return 0
}

// isoDate formats a date, leaving out the day when day is "".
func isoDate(year string, month int, day string) string {
	if month < 1 || month > 12 {
		return ""
	}
	if day == "" {
		return fmt.Sprintf("%s-%02d", year, month)
	}
	d, err := strconv.Atoi(day)
	if err != nil || d < 1 || d > 31 {
		return fmt.Sprintf("%s-%02d", year, month)
	}
	return fmt.Sprintf("%s-%02d-%02d", year, month, d)
}
