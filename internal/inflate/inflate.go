// Package inflate decodes one gzip member held wholly in memory, about
// twice as fast as a streaming DEFLATE decoder: the output is one flat
// buffer, so a match is copied from the output itself sixteen or eight
// bytes at a time, and the input is one slice, so the bit buffer is
// refilled eight bytes at a time, without a branch.
//
// It is a fast path, not a full decoder. Member reports failure rather
// than guessing: when the input ends before the member does, when the
// output would pass the caller's limit, and on any data the streaming
// decoder (klauspost/compress/gzip, one member) rejects. A caller that
// gets an error decodes the same bytes with the streaming decoder, which
// then either reads a member too large for this path or gives the error
// to report. On every input Member accepts, its output and the bytes it
// consumed are those of the streaming decoder (FuzzMember checks it).
package inflate

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/bits"
)

var (
	// ErrShort is returned when the input ends before the member does.
	ErrShort = errors.New("inflate: input ends inside the member")
	// ErrLimit is returned when the output would pass the limit.
	ErrLimit = errors.New("inflate: output passes the limit")
	// ErrCorrupt is returned for data the streaming decoder rejects: a bad
	// header, an invalid DEFLATE stream or a checksum that does not match.
	ErrCorrupt = errors.New("inflate: corrupt member")
)

// The output keeps room, past where a symbol starts to be decoded, for
// what decoding it may write before the room is checked again: a run of
// literals (at most 50: one bit each, from at most 64 bits held down to
// the 15 a next literal needs)
// and then a match (at most maxMatch bytes, whose copy sixteen or eight
// bytes at a time writes up to sixteen bytes past its end).
const (
	maxMatch = 258
	slack    = 63 + maxMatch + 16
)

// A Decoder decodes gzip members. Its tables are reused from member to
// member; the zero value is ready to use. It is not safe for concurrent
// use.
type Decoder struct {
	lit   table
	dist  table
	clen  [codeTableSize]uint32
	lens  [maxLit + maxDist]uint8
	b     bitReader
	out   []byte // the output buffer, reused
	limit int    // of the member being decoded
}

// Member decodes the gzip member at the start of src, whose output is at
// most limit bytes. It returns the output, valid until the next call,
// and how many bytes of src the member took, its trailer included.
func (d *Decoder) Member(src []byte, limit int) (out []byte, n int, err error) {
	pos, err := header(src)
	if err != nil {
		return nil, 0, err
	}
	d.b, d.limit = bitReader{src: src, in: pos}, limit
	if cap(d.out) < slack {
		d.out = make([]byte, 32<<10)
	}
	d.out = d.out[:cap(d.out)]
	end, err := d.inflate()
	if err != nil {
		return nil, 0, err
	}
	out = d.out[:end]
	pos, ok := d.b.align()
	if !ok || len(src)-pos < 8 {
		return nil, 0, ErrShort
	}
	if binary.LittleEndian.Uint32(src[pos:]) != crc32.ChecksumIEEE(out) ||
		binary.LittleEndian.Uint32(src[pos+4:]) != uint32(len(out)) {
		return nil, 0, ErrCorrupt
	}
	return out, pos + 8, nil
}

// header returns where the DEFLATE stream starts, after the gzip header
// (RFC 1952, section 2.3), checked as the streaming decoder checks it.
func header(src []byte) (int, error) {
	if len(src) < 10 {
		return 0, ErrShort
	}
	if src[0] != 0x1f || src[1] != 0x8b || src[2] != 8 {
		return 0, ErrCorrupt
	}
	const (
		fhcrc    = 1 << 1
		fextra   = 1 << 2
		fname    = 1 << 3
		fcomment = 1 << 4
	)
	flg := src[3]
	pos := 10
	if flg&fextra != 0 {
		if len(src) < pos+2 {
			return 0, ErrShort
		}
		pos += 2 + int(binary.LittleEndian.Uint16(src[pos:]))
		if pos > len(src) {
			return 0, ErrShort
		}
	}
	for _, f := range []byte{fname, fcomment} {
		if flg&f == 0 {
			continue
		}
		// The streaming decoder reads a name or comment into a 512-byte
		// buffer.
		i := 0
		for ; ; i++ {
			if i >= 512 {
				return 0, ErrCorrupt
			}
			if pos+i >= len(src) {
				return 0, ErrShort
			}
			if src[pos+i] == 0 {
				break
			}
		}
		pos += i + 1
	}
	if flg&fhcrc != 0 {
		if len(src) < pos+2 {
			return 0, ErrShort
		}
		if binary.LittleEndian.Uint16(src[pos:]) != uint16(crc32.ChecksumIEEE(src[:pos])) {
			return 0, ErrCorrupt
		}
		pos += 2
	}
	// Reserved flags, which the streaming decoder rejects.
	if flg>>5 != 0 {
		return 0, ErrCorrupt
	}
	return pos, nil
}

// A bitReader reads DEFLATE's bits, least significant first, from a
// slice. Past the end of the slice it reads zero bytes, and counts them,
// so that a refill never has to stop in the middle; align tells whether
// any of those has been consumed.
type bitReader struct {
	src     []byte
	in      int    // next byte of src to load
	bits    uint64 // loaded bits, the next one lowest
	n       uint   // how many of them are valid
	overrun int    // zero bytes loaded past the end of src
}

// refill loads bits until at least 56 are held. It reports false once
// the bits held are all past the end of the input.
func (b *bitReader) refill() bool {
	if b.in+8 <= len(b.src) {
		// The bits above n are those of the next bytes, loaded again
		// by the next refill at the same place.
		b.bits |= binary.LittleEndian.Uint64(b.src[b.in:]) << b.n
		b.in += int(63-b.n) >> 3
		b.n |= 56
		return true
	}
	for b.n <= 56 {
		if b.in < len(b.src) {
			b.bits |= uint64(b.src[b.in]) << b.n
			b.in++
		} else {
			b.overrun++
		}
		b.n += 8
	}
	// Eight bytes are held at most: past eight zero bytes, some of
	// them have been consumed.
	return b.overrun <= 8
}

func (b *bitReader) consume(n uint) {
	b.bits >>= n
	b.n -= n
}

// get returns the next n bits (n <= 32).
func (b *bitReader) get(n uint) (uint32, bool) {
	if b.n < n && !b.refill() {
		return 0, false
	}
	v := uint32(b.bits & (1<<n - 1))
	b.consume(n)
	return v, true
}

// align drops the bits up to the next byte boundary and returns the
// offset of that byte in src, leaving the bit buffer empty; it reports
// false when the bits consumed went past the end of the input.
func (b *bitReader) align() (int, bool) {
	b.consume(b.n & 7)
	held := int(b.n>>3) - b.overrun
	if held < 0 {
		return 0, false
	}
	pos := b.in - held
	b.in, b.bits, b.n, b.overrun = pos, 0, 0, 0
	return pos, true
}

// Table entries: the low five bits are how many bits the code and the
// extra bits that follow it take; the next three its kind; bits 8 to 11
// how many extra bits, bits 12 to 15 the code's own length (for a
// subtable, bits 8 to 15 are the mask of its index); bits 16 and up its
// value (a literal, a length or distance base, or a subtable's start).
const (
	kindInvalid = iota << 5
	kindLiteral
	kindLength
	kindEnd
	kindSub
	kindMask = 7 << 5
)

// A 10-bit main literal/length table is faster than an 11-bit one over
// the pages' blocks (about 39 KB of output each): building it fills half
// the entries, and the longer codes it leaves to subtables are rare.
const (
	litBits  = 10
	distBits = 8
	codeBits = 7
	maxLit   = 288
	maxDist  = 32
	// The main table and room for every subtable, rounded up to a power
	// of two so that a subtable index is masked into range rather than
	// checked. A subtable of 2^k entries is a complete code of its own
	// and so takes at least k+1 symbols: at most 1024 + 288×32/6 and
	// 256 + 32×128/8 entries.
	tableSize     = 1 << 13
	codeTableSize = 1 << codeBits
)

// A table holds a code's main table and its subtables.
type table [tableSize]uint32

var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// The entries of each code's symbols, before their lengths are added.
var (
	litEntries  = entries(maxLit, litEntry)
	distEntries = entries(maxDist, distEntry)
	codeEntries = entries(19, func(sym int) uint32 { return kindLiteral | uint32(sym)<<16 })
)

func entries(n int, entry func(int) uint32) []uint32 {
	e := make([]uint32, n)
	for sym := range e {
		e[sym] = entry(sym)
	}
	return e
}

func litEntry(sym int) uint32 {
	switch {
	case sym < 256:
		return kindLiteral | uint32(sym)<<16
	case sym == 256:
		return kindEnd
	case sym < 286:
		return kindLength | uint32(lengthExtra[sym-257])*(1<<8+1) | uint32(lengthBase[sym-257])<<16
	}
	return kindInvalid
}

func distEntry(sym int) uint32 {
	if sym < 30 {
		return kindLength | uint32(distExtra[sym])*(1<<8+1) | uint32(distBase[sym])<<16
	}
	return kindInvalid
}

// build fills table with the canonical Huffman code of lengths, the
// entries of symbols (entries[sym]) with their lengths, the codes longer
// than tableBits in subtables after the main table. It reports false for
// a code the streaming decoder rejects: over-subscribed, or incomplete unless it
// is a single code of one bit. An empty code is valid and decodes
// nothing.
func build(table []uint32, tableBits uint, lengths []uint8, entries []uint32) bool {
	var count [16]int
	maxLen := 0
	for _, l := range lengths {
		count[l]++
		maxLen = max(maxLen, int(l))
	}
	root := table[:1<<tableBits]
	if maxLen == 0 {
		clear(root)
		return true
	}
	count[0] = 0
	// Kraft: the code is complete when the codes of the longest length
	// run out exactly at 2^maxLen.
	total := 0
	for l := 1; l <= maxLen; l++ {
		total += count[l] << (maxLen - l)
	}
	if total > 1<<maxLen || total < 1<<maxLen && !(total == 1 && maxLen == 1) {
		return false
	}
	if total < 1<<maxLen {
		// The one code leaves half the table invalid.
		clear(root)
	}
	// The symbols by length, then by symbol: the order of their codes.
	var start [17]int
	for l := 1; l <= 15; l++ {
		start[l+1] = start[l] + count[l]
	}
	var sorted [maxLit]uint16
	at := start
	for sym, l := range lengths {
		if l != 0 {
			sorted[at[l]] = uint16(sym)
			at[l]++
		}
	}
	// A code of length l <= tableBits is written once, in the first 2^l
	// entries, where its bits reversed point; once all codes of length l
	// are written, those entries are doubled, which repeats each code
	// for every value of the bits after it. A complete code writes every
	// entry: the entries no code of tableBits bits or fewer fills are
	// subtables'.
	code, i := 0, 0
	for l := 1; l <= int(tableBits); l++ {
		for ; i < start[l+1]; i++ {
			root[bits.Reverse16(uint16(code))>>(16-l)] = entries[sorted[i]] + uint32(l)*(1<<12+1)
			code++
		}
		code <<= 1
		if l < int(tableBits) {
			copy(root[1<<l:2<<l], root[:1<<l])
		}
	}
	if maxLen <= int(tableBits) {
		return true
	}
	// Longer codes share a main entry by their first tableBits bits,
	// which points to a subtable sized by the longest of them. In code
	// order, the codes sharing an entry come together, the longest last.
	var subBits [1 << litBits]uint8
	c := code
	for l := int(tableBits) + 1; l <= maxLen; l++ {
		for range count[l] {
			subBits[bits.Reverse16(uint16(c>>(l-int(tableBits))))>>(16-tableBits)] = uint8(l) - uint8(tableBits)
			c++
		}
		c <<= 1
	}
	free, last := uint32(1<<tableBits), -1
	for l := int(tableBits) + 1; l <= maxLen; l++ {
		for ; i < start[l+1]; i++ {
			rev := uint32(bits.Reverse16(uint16(code)) >> (16 - l))
			code++
			prefix := int(rev & (1<<tableBits - 1))
			if prefix != last {
				sb := subBits[prefix]
				root[prefix] = kindSub | (1<<sb-1)<<8 | free<<16
				free += 1 << sb
				last = prefix
			}
			sub := root[prefix]
			start, mask := sub>>16, sub>>8&255
			e := entries[sorted[i]] + uint32(l)*(1<<12+1)
			for j := rev >> tableBits; j <= mask; j += 1 << (uint(l) - tableBits) {
				table[start+j] = e
			}
		}
		code <<= 1
	}
	return true
}

// inflate decodes the DEFLATE stream into d.out and returns the output's
// length.
func (d *Decoder) inflate() (int, error) {
	pos := 0
	for {
		v, ok := d.b.get(3)
		if !ok {
			return 0, ErrShort
		}
		var err error
		switch v >> 1 {
		case 0:
			pos, err = d.stored(pos)
		case 1:
			d.fixed()
			pos, err = d.codes(pos)
		case 2:
			if err = d.dynamic(); err == nil {
				pos, err = d.codes(pos)
			}
		default:
			err = ErrCorrupt
		}
		if err != nil {
			return 0, err
		}
		if v&1 != 0 { // the final block
			return pos, nil
		}
	}
}

// stored copies a stored block to the output.
func (d *Decoder) stored(pos int) (int, error) {
	in, ok := d.b.align()
	if !ok {
		return 0, ErrShort
	}
	src := d.b.src
	if len(src)-in < 4 {
		return 0, ErrShort
	}
	n := int(binary.LittleEndian.Uint16(src[in:]))
	if uint16(n) != ^binary.LittleEndian.Uint16(src[in+2:]) {
		return 0, ErrCorrupt
	}
	in += 4
	if len(src)-in < n {
		return 0, ErrShort
	}
	if pos+n > d.limit {
		return 0, ErrLimit
	}
	d.grow(pos, n)
	copy(d.out[pos:], src[in:in+n])
	d.b.in = in + n
	return pos + n, nil
}

// grow makes room in d.out for n more bytes after pos, and the slack.
// The buffer doubles, but not past the limit and the slack, so that it
// stays within those however large a member's output.
func (d *Decoder) grow(pos, n int) {
	if pos+n+slack <= len(d.out) {
		return
	}
	out := make([]byte, max(min(2*len(d.out), d.limit+maxMatch+slack), pos+n+slack))
	copy(out, d.out[:pos])
	d.out = out
}

// The fixed code's tables (RFC 1951, section 3.2.6), built once: its
// codes are no longer than the main tables' bits, so it has no
// subtables.
var fixedLit, fixedDist = fixedTables()

func fixedTables() (lit [1 << litBits]uint32, dist [1 << distBits]uint32) {
	var l [maxLit + maxDist]uint8
	for i := range l[:maxLit] {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	for i := range l[maxLit:] {
		l[maxLit+i] = 5
	}
	build(lit[:], litBits, l[:maxLit], litEntries)
	build(dist[:], distBits, l[maxLit:], distEntries)
	return lit, dist
}

func (d *Decoder) fixed() {
	copy(d.lit[:], fixedLit[:])
	copy(d.dist[:], fixedDist[:])
}

// codeOrder is the order of the code length code's lengths.
var codeOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// dynamic reads a dynamic block's code lengths and builds its tables.
func (d *Decoder) dynamic() error {
	v, ok := d.b.get(14)
	if !ok {
		return ErrShort
	}
	nlit := int(v&31) + 257
	ndist := int(v>>5&31) + 1
	nclen := int(v>>10) + 4
	if nlit > 286 || ndist > 30 {
		return ErrCorrupt
	}
	var clens [19]uint8
	for i := range nclen {
		v, ok := d.b.get(3)
		if !ok {
			return ErrShort
		}
		clens[codeOrder[i]] = uint8(v)
	}
	if !build(d.clen[:], codeBits, clens[:], codeEntries) {
		return ErrCorrupt
	}
	lens := d.lens[:nlit+ndist]
	for i := 0; i < len(lens); {
		if d.b.n < 16 && !d.b.refill() {
			return ErrShort
		}
		e := d.clen[d.b.bits&(1<<codeBits-1)]
		if e&kindMask == kindInvalid {
			return ErrCorrupt
		}
		d.b.consume(uint(e & 31))
		sym := e >> 16
		if sym < 16 {
			lens[i] = uint8(sym)
			i++
			continue
		}
		// 16 repeats the last length 3-6 times, 17 and 18 repeat a
		// zero 3-10 and 11-138 times.
		var val uint8
		extra, rep := uint(7), 11
		switch sym {
		case 16:
			if i == 0 {
				return ErrCorrupt
			}
			val = lens[i-1]
			extra, rep = 2, 3
		case 17:
			extra, rep = 3, 3
		}
		x, ok := d.b.get(extra)
		if !ok {
			return ErrShort
		}
		rep += int(x)
		if i+rep > len(lens) {
			return ErrCorrupt
		}
		for range rep {
			lens[i] = val
			i++
		}
	}
	if lens[256] == 0 {
		return ErrCorrupt
	}
	if !build(d.lit[:], litBits, lens[:nlit], litEntries) || !build(d.dist[:], distBits, lens[nlit:], distEntries) {
		return ErrCorrupt
	}
	return nil
}

// codes decodes a compressed block's symbols into the output from pos,
// and returns the output's length after it. Most symbols are decoded by
// fast; the few near either end of the input or the output, one at a
// time here.
func (d *Decoder) codes(pos int) (int, error) {
	for {
		var done bool
		var err error
		if pos, done, err = d.fast(pos); done || err != nil {
			return pos, err
		}
		// One refill holds the longest length and distance pair: 15+5
		// and 15+13 bits.
		b := &d.b
		if b.n < 48 && !b.refill() {
			return 0, ErrShort
		}
		if pos+slack > len(d.out) {
			d.grow(pos, maxMatch)
		}
		e := d.lit.entry(b.bits, litBits)
		if e&kindMask == kindLiteral {
			if pos >= d.limit {
				return 0, ErrLimit
			}
			b.consume(uint(e & 31))
			d.out[pos] = byte(e >> 16)
			pos++
			continue
		}
		if e&kindMask == kindEnd {
			b.consume(uint(e & 31))
			return pos, nil
		}
		if e&kindMask != kindLength {
			return 0, ErrCorrupt
		}
		length := value(e, b.bits)
		b.consume(uint(e & 31))
		e = d.dist.entry(b.bits, distBits)
		distance := value(e, b.bits)
		b.consume(uint(e & 31))
		if e&kindMask != kindLength || distance > pos {
			return 0, ErrCorrupt
		}
		if pos+length > d.limit {
			return 0, ErrLimit
		}
		for i := range length {
			d.out[pos+i] = d.out[pos-distance+i]
		}
		pos += length
	}
}

// fast decodes symbols while the input holds one more refill and the
// output buffer and the limit have room for what one iteration writes:
// it refills without a branch, and checks neither the output's room nor
// the limit. It reports whether it decoded the end of the block. The bit
// reader's state is held in locals, which the compiler keeps in
// registers, and written back on return.
func (d *Decoder) fast(pos int) (int, bool, error) {
	out, src := d.out, d.b.src
	bits, n, in := d.b.bits, d.b.n, d.b.in
	// An iteration writes a match, whose copy runs up to sixteen bytes
	// past its end, or at most 49 literals (from at most 63 bits held,
	// one bit each, down to the 15 a next one needs).
	fastOut := min(len(out)-slack, d.limit-maxMatch)
	fastIn := len(src) - 8
	if pos > fastOut || in > fastIn {
		return pos, false, nil
	}
	// Each iteration starts with at least 56 bits held and the entry of
	// the code they start with: the entry after a match is looked up
	// before the match is copied.
	bits |= binary.LittleEndian.Uint64(src[in:]) << (n & 63)
	in += int(63-n) >> 3
	n |= 56
	e := d.lit.entry(bits, litBits)
	for pos <= fastOut && in <= fastIn {
		if e&kindMask == kindLiteral {
			// Literals come in runs: decode them while the bits held
			// are enough for one more.
			for {
				bits >>= e & 31
				n -= uint(e & 31)
				out[pos] = byte(e >> 16)
				pos++
				if n < 15 {
					break
				}
				if e = d.lit.entry(bits, litBits); e&kindMask != kindLiteral {
					break
				}
			}
			bits |= binary.LittleEndian.Uint64(src[in:]) << (n & 63)
			in += int(63-n) >> 3
			n |= 56
			e = d.lit.entry(bits, litBits)
			continue
		}
		if e&kindMask != kindLength {
			if e&kindMask == kindEnd {
				d.b.bits, d.b.n, d.b.in = bits>>(e&31), n-uint(e&31), in
				return pos, true, nil
			}
			return 0, false, ErrCorrupt
		}
		// A code and its extra bits are consumed in one shift; the
		// longest length and distance take 15+5 and 15+13 bits.
		length := value(e, bits)
		bits >>= e & 31
		n -= uint(e & 31)
		e = d.dist.entry(bits, distBits)
		if e&kindMask != kindLength {
			return 0, false, ErrCorrupt
		}
		distance := value(e, bits)
		bits >>= e & 31
		n -= uint(e & 31)
		if distance > pos {
			return 0, false, ErrCorrupt
		}
		bits |= binary.LittleEndian.Uint64(src[in:]) << (n & 63)
		in += int(63-n) >> 3
		n |= 56
		e = d.lit.entry(bits, litBits)
		from := pos - distance
		if distance >= 16 {
			// Sixteen bytes at a time, each read wholly from output
			// already written; the last may run past the match. Most
			// matches are short: the first thirty-two bytes are
			// copied without a loop.
			o := out[pos : pos+maxMatch+16]
			f := out[from : from+maxMatch+16]
			*(*[16]byte)(o) = *(*[16]byte)(f)
			*(*[16]byte)(o[16:]) = *(*[16]byte)(f[16:])
			for i := 32; i < length; i += 16 {
				*(*[16]byte)(o[i:]) = *(*[16]byte)(f[i:])
			}
		} else {
			copyNear(out, pos, distance, length)
		}
		pos += length
	}
	d.b.bits, d.b.n, d.b.in = bits, n, in
	return pos, false, nil
}

// entry returns the entry of the code at the start of bits, from a
// subtable if the code is longer than the main table's tableBits.
func (t *table) entry(bits uint64, tableBits uint) uint32 {
	e := t[bits&(1<<tableBits-1)]
	if e&kindMask == kindSub {
		e = t[(e>>16+uint32(bits>>tableBits)&(e>>8&255))&(tableSize-1)]
	}
	return e
}

// value returns the length or distance of entry e, whose code starts
// bits: its base and the extra bits after the code.
func value(e uint32, bits uint64) int {
	return int(e>>16) + int(bits>>(e>>12&15)&(1<<(e>>8&15)-1))
}

// copyNear copies a match at a distance under sixteen bytes; out has
// room for eight bytes more than the match.
func copyNear(out []byte, pos, distance, length int) {
	from := pos - distance
	if distance >= 8 {
		// Eight bytes at a time, each read wholly from output already
		// written.
		o := out[pos : pos+maxMatch+8]
		f := out[from : from+maxMatch+8]
		binary.LittleEndian.PutUint64(o, binary.LittleEndian.Uint64(f))
		binary.LittleEndian.PutUint64(o[8:], binary.LittleEndian.Uint64(f[8:]))
		for i := 16; i < length; i += 8 {
			binary.LittleEndian.PutUint64(o[i:], binary.LittleEndian.Uint64(f[i:]))
		}
		return
	}
	for i := range length {
		out[pos+i] = out[from+i]
	}
}
