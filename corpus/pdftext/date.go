package pdftext

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// actDateRe finds "14 maj 2024", "14. Mai 2024", "14 May 2024" in a title.
var actDateRe = regexp.MustCompile(`\b(\d{1,2})\.?\s+(\p{L}+)\s+(\d{4})\b`)

// monthNames are the months in the languages whose acts are most read
// here, lower case, January first.
var monthNames = [][12]string{
	{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"},
	{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"},
	{"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"},
	{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
	{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
	{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"},
}

// actDate returns the ISO date ("2024-05-14") named in an act's title
// block, "" when none is found.
func actDate(titleParts []string) string {
	for _, t := range titleParts {
		for _, m := range actDateRe.FindAllStringSubmatch(t, -1) {
			name := strings.ToLower(m[2])
			for _, months := range monthNames {
				for i, mn := range months {
					if mn == name {
						day, _ := strconv.Atoi(m[1])
						if day < 1 || day > 31 {
							continue
						}
						return fmt.Sprintf("%s-%02d-%02d", m[3], i+1, day)
					}
				}
			}
		}
	}
	return ""
}
