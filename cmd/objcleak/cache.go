package main

import (
	"fmt"
	"io"

	"github.com/objcleak/objcleak/analyzer"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// cacheOptions are the flags choosing the facts cache.
type cacheOptions struct {
	noCache bool
	dir     string
}

func addCacheFlags(f *pflag.FlagSet, o *cacheOptions) {
	f.BoolVar(&o.noCache, "no-cache", false, "do not read or write the facts cache")
	f.StringVar(&o.dir, "cache-dir", "", "keep the facts cache in `DIR` (default: $"+analyzer.CacheDirEnv+", else objcleak in the user cache directory)")
}

// openCache opens the facts cache the options ask for, or returns nil.
// A cache that cannot be opened (read-only home, no cache directory) is not
// an error: the run goes on without it, saying why unless quiet.
func openCache(o cacheOptions, stderr io.Writer, quiet bool) *analyzer.DiskCache {
	if o.noCache {
		return nil
	}
	dir := o.dir
	if dir == "" {
		var err error
		if dir, err = analyzer.DefaultCacheDir(); err != nil {
			if !quiet {
				fmt.Fprintf(stderr, "objcleak: running without the facts cache: %v\n", err)
			}
			return nil
		}
	}
	c, err := analyzer.OpenDiskCache(dir)
	if err != nil {
		if !quiet {
			fmt.Fprintf(stderr, "objcleak: running without the facts cache (or use --no-cache): %v\n", err)
		}
		return nil
	}
	return c
}

// cacheSummary says how many files' facts came from the cache, for the
// summary line ("" when none did).
func cacheSummary(c *analyzer.DiskCache) string {
	if c == nil {
		return ""
	}
	st := c.Stats()
	if st.Hits == 0 {
		return ""
	}
	if st.ResultHits > 0 {
		return fmt.Sprintf("; facts of %s and the findings from the cache (nothing changed)", plural(int(st.Hits), "file"))
	}
	return fmt.Sprintf("; facts of %s from the cache", plural(int(st.Hits), "file"))
}

func newCacheCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Show or clean the facts cache",
		Long: `objcleak keeps the facts it extracts from each file in a cache keyed by the
file's contents, so that a second run over unchanged files does not parse
them again. The cache lives in $` + analyzer.CacheDirEnv + `, else in "objcleak" under
the user cache directory (~/.cache on Linux, ~/Library/Caches on macOS).
"objcleak lint --no-cache" neither reads nor writes it.`,
	}
	var dir string
	cmd.PersistentFlags().StringVar(&dir, "cache-dir", "", "the cache `DIR` (default: as for lint)")
	resolve := func() (string, error) {
		if dir != "" {
			return dir, nil
		}
		return analyzer.DefaultCacheDir()
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "dir",
		Short: "Print the cache directory",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			d, err := resolve()
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, d)
			return nil
		},
	}, &cobra.Command{
		Use:   "clean",
		Short: "Remove every cached entry",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			d, err := resolve()
			if err != nil {
				return err
			}
			freed, err := analyzer.CleanDiskCache(d)
			if err != nil {
				return fmt.Errorf("cleaning %s: %w", d, err)
			}
			fmt.Fprintf(stdout, "removed %.1f MB of cached facts from %s\n", float64(freed)/(1<<20), d)
			return nil
		},
	})
	return cmd
}
