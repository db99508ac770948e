package classinfo

import (
	"fmt"
	"sort"
	"strings"
)

// UnknownClassError is Inspect's error when the project declares no class
// of the name asked for.
type UnknownClassError struct {
	Name string
	// Suggestions are the project's class names that differ from Name only
	// in case or by at most two edits, closest first.
	Suggestions []string
	// Files is the number of files searched.
	Files int
}

// Error says which name was not found, in how many files, and suggests
// the close names.
func (e *UnknownClassError) Error() string {
	msg := fmt.Sprintf("no class named %q in the %d files read", e.Name, e.Files)
	if e.Files == 1 {
		msg = fmt.Sprintf("no class named %q in the 1 file read", e.Name)
	}
	if len(e.Suggestions) > 0 {
		msg += "; did you mean " + strings.Join(e.Suggestions, ", ") + "?"
	}
	return msg
}

// maxSuggestions bounds UnknownClassError.Suggestions.
const maxSuggestions = 5

// suggest returns the names close to name: equal but for case, or within
// edit distance 2 ignoring case; closest first, then alphabetically.
func suggest(name string, names []string) []string {
	type cand struct {
		name string
		dist int
	}
	lower := strings.ToLower(name)
	var cs []cand
	for _, n := range names {
		if n == name {
			continue
		}
		if d := editDistance(lower, strings.ToLower(n)); d <= 2 {
			cs = append(cs, cand{n, d})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].dist != cs[j].dist {
			return cs[i].dist < cs[j].dist
		}
		return cs[i].name < cs[j].name
	})
	out := []string{}
	for i := 0; i < len(cs) && i < maxSuggestions; i++ {
		out = append(out, cs[i].name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
