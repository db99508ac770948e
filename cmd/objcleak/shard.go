package main

import (
	"github.com/spf13/pflag"

	"github.com/objcleak/objcleak/analyzer"
)

// shardFlagHelp is the help of `objcleak lint --shard`.
const shardFlagHelp = "lint only shard `i/n` of the files (1 ≤ i ≤ n), for CI matrices: each .h, .m and .mm file " +
	"belongs to one shard by a hash of its path relative to --root, and a shard reports findings only in its files; " +
	"every shard parses all headers and knows which classes the other .m/.mm files implement, but not what those " +
	"files declare or do (class extensions, ivars, method bodies), so a cross-file finding that needs them can be " +
	"missing or added; combine the shards' SARIF with \"objcleak sarif merge\" (see the README, Sharding in CI)"

// addShardFlag adds --shard to f, bound to o.
func addShardFlag(f *pflag.FlagSet, o *string) {
	f.StringVar(o, "shard", "", shardFlagHelp)
}

// applyShard sets cfg.Shard from --shard. Its errors are usage errors
// (exit status 2).
func applyShard(o lintOptions, cfg *analyzer.Config) error {
	if o.shard == "" {
		return nil
	}
	s, err := analyzer.ParseShard(o.shard)
	if err != nil {
		return usageError("--shard: %v", err)
	}
	if o.stdinFilename != "" {
		return usageError("--shard splits a project; it cannot be used with --stdin-filename")
	}
	cfg.Shard = s
	return nil
}
