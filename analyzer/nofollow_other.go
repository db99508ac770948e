//go:build !unix

package analyzer

// oNoFollow is 0 where open has no such flag; readNoFollow still refuses
// anything but a regular file after opening it.
const oNoFollow = 0
