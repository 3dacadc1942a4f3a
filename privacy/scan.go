package privacy

import (
	"regexp"
	"strings"
)

// Go's regexp costs tens of nanoseconds a byte, and more for the long
// keyword alternations, so running every pattern over every question
// would take a millisecond. Instead each detector either has a cheap
// byte-level test a text must pass (most questions have no run of eleven
// digits), or keywords: its pattern then runs anchored at each keyword
// found, on a short window, or unanchored on a window around it when the
// data comes before the keyword ("12 Main Street").

// scan is a text prepared once for all detectors.
type scan struct {
	text string
	// lower is text with ASCII letters lower-cased, so offsets match.
	lower string
	// run is the longest run of digits; spaced the most digits in a row of
	// digit groups joined by single spaces or dashes.
	run, spaced int
	// numbers are the windows of text holding digits (see clusters).
	numbers []cluster
	// starts are the offsets where words start.
	starts []int
}

// cluster is a window of text around a group of digits: digits joined by
// separators and capitals ("+49 151 2345", "DE89 3704", "QQ 12 34 56 C"),
// widened to whole words. The number detectors run on these only.
type cluster struct {
	lo, hi int
	// first and last bound its digits.
	first, last int
	// digits counts them, run is the longest run of them, upper counts
	// the capitals; plus is set for a "+" or a leading "00".
	digits, run, upper int
	plus               bool
}

// clusters finds the number windows of t. A gap of up to six separators
// or capitals keeps digits together, as in "GB82 WEST 1234"; a lower-case
// letter ends a number, as in "2024 of 14 May".
func clusters(t string) []cluster {
	var out []cluster
	for i := 0; i < len(t); {
		if !isDigit(t[i]) {
			i++
			continue
		}
		c := cluster{lo: i, first: i}
		j, run := i, 0
		for j < len(t) {
			if isDigit(t[j]) {
				c.digits++
				run++
				c.run = max(c.run, run)
				j++
				continue
			}
			run = 0
			k := j
			for k < len(t) && k-j <= 6 && numberGlue(t[k]) {
				k++
			}
			if k >= len(t) || !isDigit(t[k]) || k-j > 6 {
				break
			}
			j = k
		}
		c.hi, c.last = j, j
		// Take in a prefix such as "+", "DE" or "QQ " and whole words.
		for c.lo > 0 && c.lo > i-4 && numberGlue(t[c.lo-1]) {
			c.lo--
		}
		for c.lo > 0 && !spaceByte(t[c.lo-1]) {
			c.lo--
		}
		for c.hi < len(t) && !spaceByte(t[c.hi]) {
			c.hi++
		}
		// A trailing letter group ("… 56 C") stays inside.
		if c.hi+1 < len(t) && t[c.hi] == ' ' && isUpper(t[c.hi+1]) && (c.hi+2 == len(t) || !wordByte(t[c.hi+2])) {
			c.hi += 2
		}
		for k := c.lo; k < c.hi; k++ {
			if isUpper(t[k]) {
				c.upper++
			}
		}
		c.plus = strings.IndexByte(t[c.lo:c.hi], '+') >= 0 || strings.HasPrefix(t[c.first:], "00")
		if n := len(out); n > 0 && out[n-1].hi >= c.lo {
			p := &out[n-1]
			p.hi, p.last = max(p.hi, c.hi), c.last
			p.digits, p.run, p.upper, p.plus = p.digits+c.digits, max(p.run, c.run), p.upper+c.upper, p.plus || c.plus
		} else {
			out = append(out, c)
		}
		i = max(j, c.hi)
	}
	return out
}

func numberGlue(c byte) bool {
	return c == ' ' || c == '.' || c == '-' || c == '/' || c == '(' || c == ')' || c == '+' || isUpper(c)
}

func newScan(text string) *scan {
	s := &scan{text: text, lower: asciiLower(text), numbers: clusters(text)}
	for i := 0; i < len(text); i++ {
		if !spaceByte(text[i]) && (i == 0 || !wordByte(text[i-1])) && !isContinuation(text[i]) {
			s.starts = append(s.starts, i)
		}
	}
	run, spaced := 0, 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case isDigit(c):
			run++
			spaced++
			s.run, s.spaced = max(s.run, run), max(s.spaced, spaced)
		case (c == ' ' || c == '-') && run > 0 && i+1 < len(text) && isDigit(text[i+1]):
			run = 0
		default:
			run, spaced = 0, 0
		}
	}
	return s
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// keyed describes where a detector's pattern is run.
type keyed struct {
	// keys are lower-case unless cased is set; a key must start a word
	// unless inWord is set.
	keys          []string
	cased, inWord bool
	// before and after are how many bytes around a key the window takes;
	// with before == 0 the pattern is anchored at the key.
	before, after int
	// byFirst holds the keys by their first byte.
	byFirst [256][]string
}

func newKeyed(k keyed) *keyed {
	for _, key := range k.keys {
		k.byFirst[key[0]] = append(k.byFirst[key[0]], key)
	}
	return &k
}

// window is where a detector's pattern runs; key is where the keyword
// found there ends.
type window struct{ lo, hi, key int }

// windows returns the windows of text the pattern of k runs on, each
// widened to whole words so that \b means what it does in the full text.
func (k *keyed) windows(s *scan) []window {
	hay := s.lower
	if k.cased {
		hay = s.text
	}
	var out []window
	try := func(p int) {
		for _, key := range k.byFirst[hay[p]] {
			if !strings.HasPrefix(hay[p:], key) {
				continue
			}
			w := window{lo: p, hi: min(len(hay), p+len(key)+k.after), key: p + len(key)}
			if k.before > 0 {
				w.lo = max(0, p-k.before)
				for w.lo > 0 && !spaceByte(hay[w.lo-1]) {
					w.lo--
				}
			}
			for w.hi < len(hay) && !spaceByte(hay[w.hi]) {
				w.hi++
			}
			out = append(out, w)
		}
	}
	if k.inWord {
		for p := range len(hay) {
			try(p)
		}
	} else {
		for _, p := range s.starts {
			try(p)
		}
	}
	return out
}

// any reports whether one of the keys is in the text.
func (k *keyed) any(s *scan) bool {
	hay := s.lower
	for _, p := range s.starts {
		for _, key := range k.byFirst[hay[p]] {
			if strings.HasPrefix(hay[p:], key) {
				return true
			}
		}
	}
	return false
}

func isContinuation(c byte) bool { return c&0xC0 == 0x80 }

func wordByte(c byte) bool  { return isAlnum(c) || c >= 0x80 }
func spaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// anchored compiles a pattern to run at the start of a keyword window.
func anchored(re *regexp.Regexp) *regexp.Regexp {
	return regexp.MustCompile(`^(?:` + re.String() + `)`)
}

// Byte-level tests for the number detectors.

func digitRun(n int) func(*scan) bool     { return func(s *scan) bool { return s.run >= n } }
func spacedDigits(n int) func(*scan) bool { return func(s *scan) bool { return s.spaced >= n } }

func hasAt(s *scan) bool { return strings.IndexByte(s.text, '@') >= 0 }

// ibanStart reports two letters followed by two digits at a word start.
func ibanStart(s *scan) bool {
	t := s.lower
	for i := 0; i+3 < len(t); i++ {
		if isLetter(t[i]) && isLetter(t[i+1]) && isDigit(t[i+2]) && isDigit(t[i+3]) && (i == 0 || !wordByte(t[i-1])) {
			return true
		}
	}
	return false
}

// ibanWindows returns a window at each word that starts like an IBAN (two
// letters, two digits), long enough for the longest one written in groups
// of four: the number windows split an IBAN whose letter groups run
// longer than they bridge ("MT84 MALT … MTLC AST0 01S").
func ibanWindows(s *scan) []window {
	t := s.lower
	var out []window
	for _, p := range s.starts {
		if p+3 < len(t) && isLetter(t[p]) && isLetter(t[p+1]) && isDigit(t[p+2]) && isDigit(t[p+3]) {
			hi := min(len(t), p+ibanWindow)
			for hi < len(t) && !spaceByte(t[hi]) {
				hi++
			}
			out = append(out, window{lo: p, hi: hi, key: p})
		}
	}
	return out
}

// ibanWindow is the longest IBAN (34 characters) with a separator every
// four, and one more group the pattern may take from the next word.
const ibanWindow = 34 + 8 + 5

// dottedQuad reports digits with three dots between them in one word.
func dottedQuad(s *scan) bool {
	dots := 0
	for i := 1; i+1 < len(s.text); i++ {
		switch c := s.text[i]; {
		case c == '.' && isDigit(s.text[i-1]) && isDigit(s.text[i+1]):
			if dots++; dots == 3 {
				return true
			}
		case c == ' ':
			dots = 0
		}
	}
	return false
}

func twoColons(s *scan) bool { return strings.Count(s.text, ":") >= 2 }

// phonePrefix reports a "+" or "00" before a digit.
func phonePrefix(s *scan) bool {
	t := s.text
	for i := 0; i+1 < len(t); i++ {
		if t[i] == '+' && isDigit(t[i+1]) || t[i] == '0' && t[i+1] == '0' && (i == 0 || !wordByte(t[i-1])) {
			return true
		}
	}
	return false
}

// numericDate reports dd?mm?yyyy.
func numericDate(s *scan) bool {
	t := s.text
	for i := 0; i+9 < len(t); i++ {
		if isDigit(t[i]) && isDigit(t[i+1]) && !isDigit(t[i+2]) && isDigit(t[i+3]) && isDigit(t[i+4]) && !isDigit(t[i+5]) &&
			isDigit(t[i+6]) && isDigit(t[i+9]) {
			return true
		}
	}
	return false
}

// ukPostcodeEnd reports a space, a digit and two capitals: " 1AA".
func ukPostcodeEnd(s *scan) bool {
	t := s.text
	for i := 0; i+3 < len(t); i++ {
		if t[i] == ' ' && isDigit(t[i+1]) && isUpper(t[i+2]) && isUpper(t[i+3]) {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }
