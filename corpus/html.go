package corpus

// readHTML is a placeholder until the HTML reader lands.
func readHTML(text, fallbackTitle string) (Document, error) {
	return Document{}, ErrUnsupported
}
