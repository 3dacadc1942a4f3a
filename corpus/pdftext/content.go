package pdftext

import (
	"math"
	"strings"
	"unicode"

	"github.com/ledongthuc/pdf"
)

// glyph is one shown character (or a few, for a ligature) in page space:
// x, y is the start of its baseline, w its advance, size the rendered font
// size.
type glyph struct {
	x, y, w, size float64
	text          string
	bold, italic  bool
	// artifact marks page furniture tagged as such in a tagged PDF.
	artifact bool
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (m applied first).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// font is what the interpreter needs of a font resource.
type font struct {
	enc          pdf.TextEncoding
	twoByte      bool // Type0 (CID) font: two bytes per code
	widths       map[int]float64
	defaultWidth float64
	bold, italic bool
}

// width returns the advance of code in text space units × 1000.
func (f *font) width(code int) float64 {
	if w, ok := f.widths[code]; ok {
		return w
	}
	return f.defaultWidth
}

// loadFont reads a font dictionary.
func loadFont(v pdf.Value) *font {
	pf := pdf.Font{V: v}
	f := &font{enc: pf.Encoder(), widths: make(map[int]float64)}
	base := v.Key("BaseFont").Name()
	desc := v.Key("FontDescriptor")
	if v.Key("Subtype").Name() == "Type0" {
		f.twoByte = true
		d := v.Key("DescendantFonts").Index(0)
		desc = d.Key("FontDescriptor")
		f.defaultWidth = 1000
		if dw := d.Key("DW"); dw.Kind() != pdf.Null {
			f.defaultWidth = dw.Float64()
		}
		readCIDWidths(d.Key("W"), f.widths)
	} else {
		first := int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := 0; i < ws.Len(); i++ {
			f.widths[first+i] = ws.Index(i).Float64()
		}
		f.defaultWidth = desc.Key("MissingWidth").Float64()
		if ws.Len() == 0 && f.defaultWidth == 0 {
			f.defaultWidth = 500 // a standard font without widths: an average glyph
		}
	}
	flags := desc.Key("Flags").Int64()
	lower := strings.ToLower(base)
	f.bold = strings.Contains(lower, "bold") || strings.Contains(lower, "black") || strings.Contains(lower, "heavy") ||
		desc.Key("FontWeight").Float64() >= 600 || flags&(1<<18) != 0
	f.italic = strings.Contains(lower, "ital") || strings.Contains(lower, "oblique") || flags&(1<<6) != 0
	return f
}

// readCIDWidths reads a CIDFont /W array: "c [w1 w2 …]" or "cfirst clast w".
func readCIDWidths(w pdf.Value, out map[int]float64) {
	for i := 0; i < w.Len(); {
		first := int(w.Index(i).Int64())
		if i+1 < w.Len() && w.Index(i+1).Kind() == pdf.Array {
			arr := w.Index(i + 1)
			for j := 0; j < arr.Len(); j++ {
				out[first+j] = arr.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= w.Len() {
			return
		}
		last, width := int(w.Index(i+1).Int64()), w.Index(i+2).Float64()
		for c := first; c <= last && c-first < 1<<16; c++ {
			out[c] = width
		}
		i += 3
	}
}

// gstate is the part of the graphics and text state that places glyphs.
type gstate struct {
	ctm                  matrix
	font                 *font
	size                 float64
	charSpace, wordSpace float64
	scale, leading, rise float64
}

// interpreter runs page content streams and collects their glyphs.
// Marked content tagged /Artifact (running headers, footers, page numbers
// in a tagged PDF) is skipped.
type interpreter struct {
	glyphs []glyph
	depth  int // Form XObject nesting
	images int // image XObjects drawn
}

// maxFormDepth bounds Form XObject recursion (a form drawing itself).
const maxFormDepth = 8

// run interprets one content stream with its resources, starting from ctm;
// inArtifact is true for a Form XObject drawn inside an /Artifact sequence.
func (in *interpreter) run(strm, resources pdf.Value, ctm matrix, inArtifact bool) {
	g := gstate{ctm: ctm, scale: 1}
	var stack []gstate
	var tm, tlm matrix
	fonts := make(map[string]*font)
	var marks []bool // one per open marked-content sequence: is it an artifact?
	artifact := func() bool {
		if inArtifact {
			return true
		}
		for _, a := range marks {
			if a {
				return true
			}
		}
		return false
	}
	show := func(raw string) {
		f := g.font
		if f == nil {
			return
		}
		step := 1
		if f.twoByte {
			step = 2
		}
		skip := artifact()
		for i := 0; i+step <= len(raw); i += step {
			code := raw[i : i+step]
			c := int(code[0])
			if step == 2 {
				c = c<<8 | int(code[1])
			}
			w0 := f.width(c) / 1000
			trm := matrix{g.size * g.scale, 0, 0, g.size, 0, g.rise}.mul(tm).mul(g.ctm)
			tx := w0*g.size + g.charSpace
			if step == 1 && c == ' ' {
				tx += g.wordSpace
			}
			tx *= g.scale
			// text set at an angle (a label in the margin) is left out: it
			// belongs to no line
			if upright := math.Abs(trm[1]) <= 0.05*math.Abs(trm[0]) && trm[0] > 0; upright {
				text := f.enc.Decode(code)
				if text != "" {
					size := math.Hypot(trm[2], trm[3])
					adv := matrix{1, 0, 0, 1, tx, 0}.mul(tm).mul(g.ctm)
					in.glyphs = append(in.glyphs, glyph{
						x: trm[4], y: trm[5], w: adv[4] - trm[4], size: size,
						text: text, bold: f.bold, italic: f.italic, artifact: skip,
					})
				}
			}
			tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
		}
	}
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		mat := func() matrix {
			var m matrix
			for i := range m {
				m[i] = num(i)
			}
			return m
		}
		switch op {
		case "q":
			stack = append(stack, g)
		case "Q":
			if len(stack) > 0 {
				g = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if len(args) == 6 {
				g.ctm = mat().mul(g.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tm":
			if len(args) == 6 {
				tm = mat()
				tlm = tm
			}
		case "Td", "TD":
			if op == "TD" {
				g.leading = -num(1)
			}
			tlm = matrix{1, 0, 0, 1, num(0), num(1)}.mul(tlm)
			tm = tlm
		case "T*":
			tlm = matrix{1, 0, 0, 1, 0, -g.leading}.mul(tlm)
			tm = tlm
		case "TL":
			g.leading = num(0)
		case "Tc":
			g.charSpace = num(0)
		case "Tw":
			g.wordSpace = num(0)
		case "Tz":
			g.scale = num(0) / 100
		case "Ts":
			g.rise = num(0)
		case "Tf":
			if len(args) == 2 {
				name := args[0].Name()
				f, ok := fonts[name]
				if !ok {
					f = loadFont(resources.Key("Font").Key(name))
					fonts[name] = f
				}
				g.font, g.size = f, num(1)
			}
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "'", "\"":
			if op == "\"" && len(args) == 3 {
				g.wordSpace, g.charSpace = num(0), num(1)
				args = args[2:]
			}
			tlm = matrix{1, 0, 0, 1, 0, -g.leading}.mul(tlm)
			tm = tlm
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			a := args[0]
			for i := 0; i < a.Len(); i++ {
				x := a.Index(i)
				if x.Kind() == pdf.String {
					show(x.RawString())
					continue
				}
				tx := -x.Float64() / 1000 * g.size * g.scale
				tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
			}
		case "BMC", "BDC":
			tag := ""
			if len(args) > 0 {
				tag = args[0].Name()
			}
			marks = append(marks, tag == "Artifact")
		case "EMC":
			if len(marks) > 0 {
				marks = marks[:len(marks)-1]
			}
		case "Do":
			if len(args) != 1 {
				return
			}
			xo := resources.Key("XObject").Key(args[0].Name())
			switch xo.Key("Subtype").Name() {
			case "Image":
				in.images++
			case "Form":
				if in.depth >= maxFormDepth {
					return
				}
				m := identity
				if fm := xo.Key("Matrix"); fm.Len() == 6 {
					for i := range m {
						m[i] = fm.Index(i).Float64()
					}
				}
				res := xo.Key("Resources")
				if res.Kind() == pdf.Null {
					res = resources
				}
				in.depth++
				in.run(xo, res, m.mul(g.ctm), artifact())
				in.depth--
			}
		}
	})
}

// hasLetters reports whether any glyph holds a letter or digit.
func hasLetters(gs []glyph) bool {
	for _, g := range gs {
		for _, r := range g.text {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return true
			}
		}
	}
	return false
}
