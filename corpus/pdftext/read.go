package pdftext

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/ledongthuc/pdf"
)

// Sentinel errors a caller can branch on with errors.Is.
var (
	// ErrNotPDF marks bytes that do not start with a PDF header.
	ErrNotPDF = errors.New("not a PDF file")
	// ErrEncrypted marks a PDF that needs a password (or an encryption
	// scheme this reader does not implement) before its text can be read.
	ErrEncrypted = errors.New("PDF is encrypted")
	// ErrBroken marks a PDF whose structure cannot be read: truncated,
	// damaged cross-reference table, bad object.
	ErrBroken = errors.New("PDF is damaged or truncated")
	// ErrNoText marks a PDF with no text layer: a scan, or pictures only.
	ErrNoText = errors.New("PDF has no text layer")
)

// maxPages bounds the work on one file.
const maxPages = 5000

// maxPageSize is the largest page side PDF allows (user units of 1/72 in).
const maxPageSize = 14400

// page is the glyphs of one page with its size.
type page struct {
	n             int // 1-based
	width, height float64
	glyphs        []glyph
	// damaged says why the page's content stream stopped early, "" when
	// it was read to the end; glyphs holds what came before.
	damaged string
}

// runPage interprets a page's content, turning a failure in a damaged
// stream into an error so that the other pages are still read.
func runPage(in *interpreter, content, resources pdf.Value, ctm matrix) (err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("%v", x)
		}
	}()
	in.run(content, resources, ctm, false)
	return nil
}

// extract opens data and returns every page's glyphs, the catalogue's
// /Lang and the document information title.
func extract(data []byte) (pages []page, lang, infoTitle string, err error) {
	if !bytes.HasPrefix(bytes.TrimLeft(data[:min(len(data), 1024)], "\x00\t\r\n "), []byte("%PDF-")) {
		return nil, "", "", ErrNotPDF
	}
	defer func() {
		if x := recover(); x != nil {
			pages = nil
			err = fmt.Errorf("%w: %v", ErrBroken, x)
		}
	}()
	if err := checkObjectNumbers(data); err != nil {
		return nil, "", "", err
	}
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, "", "", classifyOpenError(err)
	}
	root := r.Trailer().Key("Root")
	if root.Kind() != pdf.Dict {
		return nil, "", "", fmt.Errorf("%w: no document catalogue", ErrBroken)
	}
	lang = root.Key("Lang").Text()
	infoTitle = r.Trailer().Key("Info").Key("Title").Text()
	n := r.NumPage()
	if n <= 0 {
		return nil, "", "", fmt.Errorf("%w: no pages", ErrBroken)
	}
	if n > maxPages {
		return nil, "", "", fmt.Errorf("%w: %d pages, more than %d", ErrBroken, n, maxPages)
	}
	images := 0
	for i := 1; i <= n; i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			return nil, "", "", fmt.Errorf("%w: page %d of %d is missing", ErrBroken, i, n)
		}
		box := inherited(p.V, "CropBox")
		if box.Len() != 4 {
			box = inherited(p.V, "MediaBox")
		}
		pg := page{n: i, width: 595, height: 842}
		var x0, y0 float64
		if box.Len() == 4 {
			x0, y0 = box.Index(0).Float64(), box.Index(1).Float64()
			pg.width, pg.height = box.Index(2).Float64()-x0, box.Index(3).Float64()-y0
		}
		if !(pg.width > 1 && pg.width < maxPageSize && pg.height > 1 && pg.height < maxPageSize) {
			pg.width, pg.height, x0, y0 = 595, 842, 0, 0 // a nonsense box: assume A4
		}
		in := &interpreter{}
		if c := p.V.Key("Contents"); c.Kind() != pdf.Null {
			if perr := runPage(in, c, p.Resources(), matrix{1, 0, 0, 1, -x0, -y0}); perr != nil {
				pg.damaged = perr.Error()
			}
		}
		images += in.images
		pg.glyphs = in.glyphs
		pages = append(pages, pg)
	}
	any := false
	for _, p := range pages {
		if hasLetters(p.glyphs) {
			any = true
			break
		}
	}
	if !any {
		for _, p := range pages {
			if p.damaged != "" {
				return nil, "", "", fmt.Errorf("%w: page %d: %s", ErrBroken, p.n, p.damaged)
			}
		}
		if images > 0 {
			return nil, "", "", fmt.Errorf("%w: %d pages of images only (a scan? run OCR first)", ErrNoText, n)
		}
		return nil, "", "", fmt.Errorf("%w: no text on any of %d pages", ErrNoText, n)
	}
	return pages, lang, infoTitle, nil
}

var (
	// xrefSubsectionRe matches a line holding two integers, such as the
	// header "0 42" of a cross-reference subsection.
	xrefSubsectionRe = regexp.MustCompile(`(?m)^[ \t]*(\d{1,19})[ \t]+(\d{1,19})[ \t]*\r?$`)
	// xrefIndexRe matches the /Index array of a cross-reference stream.
	xrefIndexRe = regexp.MustCompile(`/Index\s*\[([\d\s]*)\]`)
)

// checkObjectNumbers refuses a file whose cross-reference data names
// object numbers beyond its size: every object takes some bytes, so such
// a number is damage (or an attack) and would make the PDF library
// allocate a table of that many entries.
func checkObjectNumbers(data []byte) error {
	limit := int64(len(data)) + 1024
	check := func(field []byte) error {
		n, err := strconv.ParseInt(string(field), 10, 64)
		if err != nil || n > limit {
			return fmt.Errorf("%w: the cross-reference table names object %s, more than the file can hold", ErrBroken, field)
		}
		return nil
	}
	for _, m := range xrefSubsectionRe.FindAllSubmatch(data, -1) {
		if err := check(m[1]); err != nil {
			return err
		}
	}
	for _, m := range xrefIndexRe.FindAllSubmatch(data, -1) {
		for _, f := range bytes.Fields(m[1]) {
			if err := check(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// classifyOpenError turns the PDF library's error on opening into one of
// ours, keeping its words.
func classifyOpenError(err error) error {
	msg := err.Error()
	switch {
	case errors.Is(err, pdf.ErrInvalidPassword):
		return fmt.Errorf("%w: a password is needed to open it", ErrEncrypted)
	case strings.Contains(msg, "encrypt"):
		return fmt.Errorf("%w with a scheme this reader does not support (%s)", ErrEncrypted, msg)
	}
	for _, prefix := range []string{"not a PDF file: ", "malformed PDF file: ", "malformed PDF: "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	// The library doubles the percent sign of "%%EOF" in its message.
	msg = strings.ReplaceAll(msg, "%%", "%")
	return fmt.Errorf("%w: %s", ErrBroken, msg)
}

// inherited looks key up on a page and then on its parents.
func inherited(v pdf.Value, key string) pdf.Value {
	for i := 0; i < 64 && !v.IsNull(); i, v = i+1, v.Key("Parent") {
		if r := v.Key(key); !r.IsNull() {
			return r
		}
	}
	return pdf.Value{}
}
