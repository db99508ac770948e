package analyzer

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"go/token"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/objcleak/objcleak/objcparse"
)

// A DiskCache keeps the facts of parsed files on disk, content-addressed:
// an entry's name is a hash of the file's contents, its language, the
// project macros that shape its facts, the facts encoding, objcleak's
// version and the grammar's. A second run over unchanged files decodes
// their facts instead of parsing them.
//
// Entries are written to a temporary file and renamed into place, so
// concurrent runs never see a partial entry; an entry that cannot be read,
// fails its checksum or does not decode is ignored and rewritten. Entries
// are opened without following symbolic links. Safe for concurrent use.
type DiskCache struct {
	dir  string
	salt [sha256.Size]byte

	hits, misses, writes, bad, resultHits atomic.Int64
}

// CacheStats counts what a DiskCache did.
type CacheStats struct {
	Hits, Misses, Writes int64
	// Bad counts entries that were present but unusable (corrupt,
	// truncated, written by something else); they are rewritten.
	Bad int64
	// ResultHits counts runs whose findings came from the cache because
	// nothing they depend on changed (see resultcache.go).
	ResultHits int64
}

// CacheDirEnv names the environment variable that overrides the default
// cache directory.
const CacheDirEnv = "OBJCLEAK_CACHE_DIR"

// DefaultCacheDir returns $OBJCLEAK_CACHE_DIR, or "objcleak" in the user's
// cache directory ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches
// on macOS).
func DefaultCacheDir() (string, error) {
	if d := os.Getenv(CacheDirEnv); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory (set %s or use --no-cache): %w", CacheDirEnv, err)
	}
	return filepath.Join(d, "objcleak"), nil
}

// OpenDiskCache returns a cache storing entries below dir, creating it
// (mode 0700) when missing.
func OpenDiskCache(dir string) (*DiskCache, error) {
	if dir == "" {
		return nil, errors.New("empty cache directory")
	}
	dir = filepath.Join(dir, fmt.Sprintf("facts-v%d", objcparse.CodecVersion))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cache directory: %w", err)
	}
	c := &DiskCache{dir: dir, salt: cacheSalt()}
	c.trim(time.Now())
	return c, nil
}

// Like Go's build cache, entries that no run used for a while are
// removed: a hit refreshes an entry's modification time when it is older
// than touchAfter, and at most once per trimEvery (recorded in trim.txt)
// entries older than unusedFor are deleted.
const (
	touchAfter = 24 * time.Hour
	trimEvery  = 24 * time.Hour
	unusedFor  = 14 * 24 * time.Hour
)

// touch marks the entry file name, last modified at mtime, as used.
func touch(name string, mtime, now time.Time) {
	if now.Sub(mtime) > touchAfter {
		os.Chtimes(name, now, now)
	}
}

// trim deletes unused entries when the last trim is older than trimEvery.
// Errors are ignored: trimming is housekeeping.
func (c *DiskCache) trim(now time.Time) {
	stamp := filepath.Join(c.dir, "trim.txt")
	if b, _, err := readNoFollow(stamp); err == nil {
		if sec, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && now.Sub(time.Unix(sec, 0)) < trimEvery {
			return
		}
	}
	// Write the stamp first: concurrent runs then do not all trim.
	if writeAtomic(stamp, []byte(strconv.FormatInt(now.Unix(), 10)+"\n")) != nil {
		return
	}
	subdirs, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	for _, d := range subdirs {
		if !d.IsDir() || len(d.Name()) != 2 {
			continue
		}
		sub := filepath.Join(c.dir, d.Name())
		entries, err := os.ReadDir(sub)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if info, err := e.Info(); err == nil && info.Mode().IsRegular() && now.Sub(info.ModTime()) > unusedFor {
				os.Remove(filepath.Join(sub, e.Name()))
			}
		}
	}
}

// Dir returns the directory holding the entries.
func (c *DiskCache) Dir() string { return c.dir }

// Stats returns what the cache did so far.
func (c *DiskCache) Stats() CacheStats {
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Writes: c.writes.Load(), Bad: c.bad.Load(), ResultHits: c.resultHits.Load()}
}

// cacheSalt identifies the program that writes the facts: objcleak's
// version and the grammar's, read from the build information. A
// development build (no version, or a modified checkout) also adds its
// executable's size and modification time, so that a rebuild never reads
// the facts of the previous build.
func cacheSalt() [sha256.Size]byte {
	h := sha256.New()
	fmt.Fprintf(h, "objcleak facts %d\n", objcparse.CodecVersion)
	devel := true
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintf(h, "main %s %s\n", bi.Main.Path, bi.Main.Version)
		devel = bi.Main.Version == "" || bi.Main.Version == "(devel)"
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				fmt.Fprintf(h, "%s %s\n", s.Key, s.Value)
				if s.Key == "vcs.modified" && s.Value == "true" {
					devel = true
				}
			}
		}
		for _, d := range bi.Deps {
			if strings.Contains(d.Path, "tree-sitter") {
				fmt.Fprintf(h, "dep %s %s %s\n", d.Path, d.Version, d.Sum)
			}
		}
	}
	if devel {
		if exe, err := os.Executable(); err == nil {
			if st, err := os.Stat(exe); err == nil {
				fmt.Fprintf(h, "exe %s %d %d\n", exe, st.Size(), st.ModTime().UnixNano())
			}
		}
	}
	return [sha256.Size]byte(h.Sum(nil))
}

// entryMagic starts every entry; the CRC-32C of the facts and their length
// follow, then the facts.
var entryMagic = []byte("objcleak-facts\x00")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// maxEntrySize bounds what is read from one entry (facts are a few times
// smaller than the source, and sources are capped by --max-file-size).
const maxEntrySize = 256 << 20

// key names the entry for a file of language lang whose contents have the
// sha256 sum, parsed with project macros of the given digest.
func (c *DiskCache) key(lang objcparse.Lang, macros [sha256.Size]byte, sum [sha256.Size]byte) string {
	h := sha256.New()
	h.Write(c.salt[:])
	h.Write(macros[:])
	h.Write([]byte{byte(lang)})
	h.Write(sum[:])
	return hex.EncodeToString(h.Sum(nil))
}

func (c *DiskCache) path(key string) string {
	return filepath.Join(c.dir, key[:2], key[2:])
}

// get returns the cached facts under key of path (contents src),
// registered in fset, or false. They are decoded with p's buffers and
// string table when p is not nil.
func (c *DiskCache) get(p *objcparse.Parser, fset *token.FileSet, path string, src []byte, key string) (*objcparse.File, bool) {
	facts, ok := c.getBlob(key)
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	f, err := decode(p, facts, fset, path, src)
	if err != nil {
		c.bad.Add(1)
		c.misses.Add(1)
		return nil, false
	}
	c.hits.Add(1)
	return f, true
}

// checkEntry verifies an entry's header and checksum and returns its facts.
func checkEntry(data []byte) ([]byte, bool) {
	if !bytes.HasPrefix(data, entryMagic) || len(data) < len(entryMagic)+12 {
		return nil, false
	}
	h := data[len(entryMagic):]
	sum := binary.LittleEndian.Uint32(h)
	n := binary.LittleEndian.Uint64(h[4:])
	facts := h[12:]
	if uint64(len(facts)) != n || crc32.Checksum(facts, castagnoli) != sum {
		return nil, false
	}
	return facts, true
}

// put writes the facts of f under key. Failures are not errors: the cache
// is an optimization, and a read-only or full disk only makes it miss.
func (c *DiskCache) put(key string, f *objcparse.File) {
	c.putBlob(key, objcparse.EncodeFile(f))
}

// A file whose parsing ran out of its time budget is remembered too, so
// that the next runs do not spend the budget on it again: under its key
// with a "-timeout" suffix, the message and the facts kept (its comments).
// The budget is part of the key: a larger --parse-timeout tries again.

// timeoutError is a cached budget failure; it is an objcparse.ErrBudget.
type timeoutError struct{ msg string }

func (e *timeoutError) Error() string { return e.msg }
func (e *timeoutError) Unwrap() error { return objcparse.ErrBudget }

// putTimeout records that the file under key ran out of budget with err.
func (c *DiskCache) putTimeout(key string, f *objcparse.File, err error) {
	msg := err.Error()
	payload := binary.AppendUvarint(nil, uint64(len(msg)))
	payload = append(payload, msg...)
	c.putBlob(key+"-timeout", append(payload, objcparse.EncodeFile(f)...))
}

// getTimeout returns the facts and the error of a file that ran out of
// budget before, or nil, nil.
// decode decodes facts with p (see objcparse.Parser.Decode), or on their
// own when p is nil.
func decode(p *objcparse.Parser, facts []byte, fset *token.FileSet, path string, src []byte) (*objcparse.File, error) {
	if p != nil {
		return p.Decode(facts, fset, path, src)
	}
	return objcparse.DecodeFile(facts, fset, path, src)
}

func (c *DiskCache) getTimeout(p *objcparse.Parser, fset *token.FileSet, path string, src []byte, key string) (*objcparse.File, *timeoutError) {
	data, ok := c.getBlob(key + "-timeout")
	if !ok {
		return nil, nil
	}
	n, k := binary.Uvarint(data)
	if k <= 0 || n > uint64(len(data)-k) {
		c.bad.Add(1)
		return nil, nil
	}
	msg := string(data[k : k+int(n)])
	f, err := decode(p, data[k+int(n):], fset, path, src)
	if err != nil {
		c.bad.Add(1)
		return nil, nil
	}
	c.hits.Add(1)
	return f, &timeoutError{msg: msg}
}

// getBlob returns the payload of the entry key when it exists and passes
// its checksum; an entry that exists but does not is counted as bad.
func (c *DiskCache) getBlob(key string) ([]byte, bool) {
	name := c.path(key)
	data, mtime, err := readNoFollow(name)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			c.bad.Add(1)
		}
		return nil, false
	}
	payload, ok := checkEntry(data)
	if !ok {
		c.bad.Add(1)
		return nil, false
	}
	touch(name, mtime, time.Now())
	return payload, true
}

// putBlob writes payload as the entry key, with its header and checksum.
func (c *DiskCache) putBlob(key string, payload []byte) {
	buf := make([]byte, 0, len(entryMagic)+12+len(payload))
	buf = append(buf, entryMagic...)
	buf = binary.LittleEndian.AppendUint32(buf, crc32.Checksum(payload, castagnoli))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(len(payload)))
	buf = append(buf, payload...)
	if writeAtomic(c.path(key), buf) == nil {
		c.writes.Add(1)
	}
}

// headerIndex returns the header index of root (see headerIndex in
// scope.go) from the cache when no directory it walked has changed since:
// a directory's modification time changes whenever an entry is added to
// it, removed or renamed, so comparing them (one stat per directory) is
// enough. Otherwise it walks root and caches the result.
func (c *DiskCache) headerIndex(root string, skipDirs []string) map[string][]string {
	h := sha256.New()
	h.Write(c.salt[:])
	fmt.Fprintf(h, "header index\x00%s\x00%s", root, strings.Join(skipDirs, "\x00"))
	key := hex.EncodeToString(h.Sum(nil))
	if data, ok := c.getBlob(key); ok {
		if idx, ok := decodeHeaderIndex(data); ok {
			return idx
		}
	}
	headers, dirs := walkHeaders(root, skipDirs)
	var b strings.Builder
	for _, d := range dirs {
		fmt.Fprintf(&b, "d\t%d\t%s\n", d.mtime, d.path)
	}
	for _, p := range headers {
		b.WriteString("h\t" + p + "\n")
	}
	c.putBlob(key, []byte(b.String()))
	return displayHeaderIndex(headers)
}

// decodeHeaderIndex reads a cached header index, checking that every
// directory still has the modification time it had.
func decodeHeaderIndex(data []byte) (map[string][]string, bool) {
	var headers []string
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		kind, rest, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, false
		}
		switch kind {
		case "d":
			mt, dir, ok := strings.Cut(rest, "\t")
			if !ok {
				return nil, false
			}
			st, err := os.Lstat(dir)
			if err != nil || !st.IsDir() || fmt.Sprint(st.ModTime().UnixNano()) != mt {
				return nil, false
			}
		case "h":
			headers = append(headers, rest)
		default:
			return nil, false
		}
	}
	return displayHeaderIndex(headers), true
}

// writeAtomic writes a cache file: its directory is made when missing,
// and the file is written as WriteFileAtomic does.
func writeAtomic(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		return err
	}
	return WriteFileAtomic(name, data, 0o600, ".tmp-*")
}

// WriteFileAtomic writes data to a new temporary file in name's directory
// (named after pattern, as os.CreateTemp does), gives it mode perm and
// renames it to name: a reader never sees a partial file, and a failed
// write leaves an existing file intact. os.CreateTemp creates the file
// exclusively (it never opens an existing file or follows a link), and
// rename replaces a link at name instead of writing through it. The
// temporary file is removed on failure.
func WriteFileAtomic(name string, data []byte, perm os.FileMode, pattern string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), pattern)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if perm != 0o600 { // os.CreateTemp's mode
		if err := tmp.Chmod(perm); err != nil {
			return err
		}
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// readNoFollow reads a regular file without following a symbolic link at
// name, and at most maxEntrySize bytes; it also returns the file's
// modification time.
func readNoFollow(name string) ([]byte, time.Time, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|oNoFollow, 0)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, err
	}
	if !st.Mode().IsRegular() {
		return nil, time.Time{}, errors.New("not a regular file")
	}
	if st.Size() > maxEntrySize {
		return nil, time.Time{}, errors.New("entry too large")
	}
	data := make([]byte, st.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, time.Time{}, err
	}
	return data, st.ModTime(), nil
}

// Clean removes every entry of the cache directory dir (as given to
// OpenDiskCache) and returns how many bytes were freed.
func CleanDiskCache(dir string) (int64, error) {
	var freed int64
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "facts-v") {
			continue // only what objcleak wrote
		}
		sub := filepath.Join(dir, e.Name())
		filepath.WalkDir(sub, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					freed += info.Size()
				}
			}
			return nil
		})
		if err := os.RemoveAll(sub); err != nil {
			return freed, err
		}
	}
	return freed, nil
}
