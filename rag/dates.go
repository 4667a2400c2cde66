package rag

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// moment is a year and a month (0 when only the year is known).
type moment struct{ year, month int }

// after reports whether m is later than o, as far as both are known: "2022"
// is after May 2021, "the end of 2021" is, "2021" is not.
func (m moment) after(o moment) bool {
	if m.year != o.year {
		return m.year > o.year
	}
	return m.month > 0 && o.month > 0 && m.month > o.month
}

var (
	questionYear = regexp.MustCompile(`\b(?:19|20)\d\d\b`)
	// lateIn is "the end of 2021", "late 2021", "December 2021": the part
	// of the year the question is about.
	lateIn   = regexp.MustCompile(`(?i)\b(?:(?:the )?end of|late|later in|fall|autumn|winter|december|november|october|september|august|july|june)\s+((?:19|20)\d\d)\b`)
	monthsOf = map[string]int{"end of": 12, "the end of": 12, "late": 12, "later in": 12, "fall": 10, "autumn": 10, "winter": 12,
		"december": 12, "november": 11, "october": 10, "september": 9, "august": 8, "july": 7, "june": 6}
)

// askedMoment returns the latest time question names, if it names one.
func askedMoment(question string) (moment, bool) {
	latest, found := moment{}, false
	for _, y := range questionYear.FindAllString(question, -1) {
		n, _ := strconv.Atoi(y)
		if m := (moment{year: n}); !found || m.after(latest) {
			latest, found = m, true
		}
	}
	for _, m := range lateIn.FindAllStringSubmatch(question, -1) {
		n, _ := strconv.Atoi(m[1])
		word := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(m[0], m[1])))
		if month := monthsOf[word]; month > 0 && n == latest.year {
			latest.month = max(latest.month, month)
		}
	}
	return latest, found
}

// reportMoment reads a report's date as the report shows it ("May 18,
// 2021", "May 2021", "2021-05-18").
func reportMoment(date string) (moment, bool) {
	for _, layout := range []string{"January 2, 2006", "Jan. 2, 2006", "January 2006", "2006-01-02", "2 January 2006"} {
		if t, err := time.Parse(layout, strings.TrimSpace(date)); err == nil {
			return moment{year: t.Year(), month: int(t.Month())}, true
		}
	}
	if y := questionYear.FindString(date); y != "" {
		n, _ := strconv.Atoi(y)
		return moment{year: n}, true
	}
	return moment{}, false
}

// lateFor returns the date of the reports when the question asks about a
// time after all of them, or "": a report cannot tell what came after it.
func (x *Index) lateFor(question string) string {
	when, dated := askedMoment(question)
	if !dated || len(x.reports) == 0 {
		return ""
	}
	for _, r := range x.reports {
		date, ok := x.dates[r.Title]
		if !ok || !when.after(date) {
			return ""
		}
	}
	if len(x.reports) == 1 {
		return x.reports[0].Date
	}
	return "" // several dates: not one to name
}

// reportDates maps each report's title to its date, where it is known.
func reportDates(x *Index) map[string]moment {
	dates := map[string]moment{}
	for _, r := range x.reports {
		if m, ok := reportMoment(r.Date); ok {
			dates[r.Title] = m
		}
	}
	return dates
}
