// Package optcheck checks the fields of a package's options and names
// the first one that is wrong, with its value and the values it takes,
// so that a library user learns which field to fix.
package optcheck

import "fmt"

// Field is one field of the options: its name and value, whether the
// value is allowed, and which values are.
type Field struct {
	name string
	v    float64
	ok   bool
	want string
}

// F returns the Field called name, whose value v is allowed when ok;
// want says which values are ("a number in (0, 1]").
func F(name string, v float64, ok bool, want string) Field {
	return Field{name, v, ok, want}
}

// First returns the error of the first of fields that is not allowed,
// "PKG: NAME VALUE: want WANT", or nil when all are.
func First(pkg string, fields ...Field) error {
	for _, f := range fields {
		if !f.ok {
			return fmt.Errorf("%s: %s %v: want %s", pkg, f.name, f.v, f.want)
		}
	}
	return nil
}
