package score

// ARI returns the adjusted Rand index of two clusterings of the same
// items, each given as one label per item (Hubert and Arabie 1985): 1 for
// identical partitions, about 0 for independent ones. When both put every
// item alone, or both put all together, it is 1.
func ARI(a, b []int) float64 {
	if len(a) != len(b) {
		panic("score: ARI of clusterings of different lengths")
	}
	type pair struct{ x, y int }
	cells, rows, cols := map[pair]int{}, map[int]int{}, map[int]int{}
	for i := range a {
		cells[pair{a[i], b[i]}]++
		rows[a[i]]++
		cols[b[i]]++
	}
	c2 := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	var index, sa, sb float64
	for _, n := range cells {
		index += c2(n)
	}
	for _, n := range rows {
		sa += c2(n)
	}
	for _, n := range cols {
		sb += c2(n)
	}
	total := c2(len(a))
	if total == 0 {
		return 1
	}
	expected := sa * sb / total
	maxIndex := (sa + sb) / 2
	if maxIndex == expected {
		return 1
	}
	return (index - expected) / (maxIndex - expected)
}
