package gencorpus

import (
	"strings"
)

// Generic methods any class can have: formatting, validation, geometry,
// collections, C helpers, preprocessor branches. None of them is a bug.

type filler func(c *class)

var fillers = []filler{
	fillFormatter, fillPayload, fillValidate, fillGeometry, fillDebugLog, fillSort,
	fillSwitch, fillLoops, fillSynchronized, fillStringBuilder, fillEnumerate, fillPredicate,
	fillCFunction, fillDefaults, fillFiles, fillJSON, fillDispatchAfter, fillMainThread,
	fillTryCatch, fillAutorelease, fillMath, fillAttributed,
}

var fillerDocs = []string{
	"Exposed for the unit tests.",
	"Safe to call from any thread.",
	"Call on the main queue.",
	"Used by the extensions as well.",
	"Pure: no side effects, so it can be cached.",
	"Kept public for the debug menu.",
}

// fill adds generic methods until the implementation reaches its target.
func (c *class) fill() {
	c.autoDoc = true
	for guard := 0; c.room(12) && guard < 400; guard++ {
		c.pragma(pick(c.r, []string{"Helpers", "Private", "Utilities", "Formatting"}))
		pick(c.r, fillers)(c)
	}
}

func (c *class) noun() string { return pick(c.r, nouns) }

func fillFormatter(c *class) {
	n := c.noun()
	sel := c.uniq("formatted" + n + "Date")
	c.def(pick(c.r, []string{"", "A short, localized date for display."}), "- (NSString *){{sel}}:(NSDate *)date", `
    static NSDateFormatter *formatter;
    static dispatch_once_t onceToken;
    dispatch_once(&onceToken, ^{
        formatter = [[NSDateFormatter alloc] init];
        formatter.dateStyle = NSDateFormatterMediumStyle;
        formatter.timeStyle = NSDateFormatterShortStyle;
        formatter.doesRelativeDateFormatting = YES;
    });
    if (!date) {
        return NSLocalizedString(@"Never", @"{{n}} date placeholder");
    }
    return [formatter stringFromDate:date];`, "sel", sel, "n", n)
	if c.r.chance(500) {
		sel2 := c.uniq("formatted" + n + "Count")
		c.def("", "- (NSString *){{sel}}:(NSInteger)count", `
    static NSNumberFormatter *formatter;
    static dispatch_once_t onceToken;
    dispatch_once(&onceToken, ^{
        formatter = [[NSNumberFormatter alloc] init];
        formatter.numberStyle = NSNumberFormatterDecimalStyle;
        formatter.maximumFractionDigits = {{digits}};
    });
    if (count >= 1000000) {
        return [NSString stringWithFormat:@"%.1fM", count / 1000000.0];
    } else if (count >= 10000) {
        return [NSString stringWithFormat:@"%.1fK", count / 1000.0];
    }
    return [formatter stringFromNumber:@(count)] ?: @"0";`, "sel", sel2, "digits", itoa(c.r.intn(3)))
	}
}

func fillPayload(c *class) {
	n := c.noun()
	sel := c.uniq(lowerFirst(n) + "Payload")
	c.def(pick(c.r, []string{"", "The JSON body sent to the server."}), "- (NSDictionary<NSString *, id> *){{sel}}", `
    NSMutableDictionary<NSString *, id> *payload = [NSMutableDictionary dictionary];
    payload[@"kind"] = @"{{kind}}";
    payload[@"version"] = @({{version}});
    payload[@"enabled"] = @YES;
    payload[@"ratio"] = @({{ratio}});
    payload[@"labels"] = @[@"{{w1}}", @"{{w2}}", @"{{w3}}"];
    payload[@"limits"] = @{
        @"max": @{{max}},
        @"min": @0,
        @"step": @(0.25),
    };
    NSString *locale = [[NSLocale currentLocale] localeIdentifier];
    if (locale.length > 0) {
        payload[@"locale"] = locale;
    }
    return [payload copy];`, "sel", sel, "kind", strings.ToLower(n), "version", itoa(c.r.between(1, 9)),
		"ratio", itoa(c.r.between(1, 99))+".5", "w1", pick(c.r, asciiWords), "w2", pick(c.r, asciiWords),
		"w3", pick(c.r, asciiWords), "max", itoa(c.r.between(10, 500)))
}

func fillValidate(c *class) {
	n := c.noun()
	sel := c.uniq("validate" + n)
	c.def(pick(c.r, []string{"", "Returns NO and sets error when the input cannot be used."}), "- (BOOL){{sel}}:(nullable NSString *)input error:(NSError **)error", `
    NSString *trimmed = [input stringByTrimmingCharactersInSet:[NSCharacterSet whitespaceAndNewlineCharacterSet]];
    if (trimmed.length == 0) {
        if (error) {
            *error = [NSError errorWithDomain:@"{{domain}}" code:{{code}} userInfo:@{
                NSLocalizedDescriptionKey: NSLocalizedString(@"The {{n}} is empty.", nil),
            }];
        }
        return NO;
    }
    if (trimmed.length > {{max}}) {
        if (error) {
            NSString *message = [NSString stringWithFormat:NSLocalizedString(@"The {{n}} is longer than %d characters.", nil), {{max}}];
            *error = [NSError errorWithDomain:@"{{domain}}" code:{{code2}} userInfo:@{NSLocalizedDescriptionKey: message}];
        }
        return NO;
    }
    // Control characters break the server's CSV export.
    NSRange bad = [trimmed rangeOfCharacterFromSet:[NSCharacterSet controlCharacterSet]];
    return bad.location == NSNotFound;`, "sel", sel, "n", strings.ToLower(n), "code", itoa(c.r.between(100, 199)),
		"code2", itoa(c.r.between(200, 299)), "max", itoa(c.r.between(16, 512)))
}

func fillGeometry(c *class) {
	n := c.noun()
	sel := c.uniq("frameFor" + n)
	c.def("", "- (CGRect){{sel}}InBounds:(CGRect)bounds", `
    const CGFloat inset = {{inset}}.0;
    CGRect rect = CGRectInset(bounds, inset, inset / 2);
    CGFloat side = MIN(CGRectGetWidth(rect), CGRectGetHeight(rect));
    if (side <= 0) {
        return CGRectZero;
    }
    rect.size = CGSizeMake(side, floor(side * {{ratio}}));
    rect.origin.x = CGRectGetMidX(bounds) - side / 2;
    rect.origin.y = MAX(inset, CGRectGetMaxY(bounds) - rect.size.height - inset);
    return CGRectIntegral(rect);`, "sel", sel, "inset", itoa(c.r.between(2, 24)), "ratio", "0."+itoa(c.r.between(3, 9)))
}

func fillDebugLog(c *class) {
	n := c.noun()
	sel := c.uniq("log" + n + "State")
	c.def("", "- (void){{sel}}", `
#if DEBUG
    NSMutableArray<NSString *> *lines = [NSMutableArray array];
    [lines addObject:[NSString stringWithFormat:@"<%@: %p>", NSStringFromClass([self class]), self]];
    [lines addObject:[NSString stringWithFormat:@"  {{n}}: %@", @"{{w}}"]];
    HBLog(HBLogLevelDebug, @"%@", [lines componentsJoinedByString:@"\n"]);
#else
    HBLog(HBLogLevelInfo, @"{{n}} state changed");
#endif`, "sel", sel, "n", strings.ToLower(n), "w", pick(c.r, asciiWords))
	c.mImport(`#import "HBLogger.h"`)
}

func fillSort(c *class) {
	n := c.noun()
	sel := c.uniq("sorted" + n + "s")
	c.def(pick(c.r, []string{"", "Newest first; equal dates keep the server's order."}), "- (NSArray *){{sel}}:(NSArray<NSDictionary *> *)entries", `
    return [entries sortedArrayUsingComparator:^NSComparisonResult(NSDictionary *a, NSDictionary *b) {
        NSNumber *left = a[@"timestamp"] ?: @0;
        NSNumber *right = b[@"timestamp"] ?: @0;
        NSComparisonResult result = [right compare:left];
        if (result == NSOrderedSame) {
            result = [a[@"index"] ?: @0 compare:b[@"index"] ?: @0];
        }
        return result;
    }];`, "sel", sel)
}

func fillSwitch(c *class) {
	n := c.noun()
	sel := c.uniq("titleFor" + n + "Index")
	cases := c.r.between(3, 7)
	var b strings.Builder
	for i := 0; i < cases; i++ {
		b.WriteString("        case " + itoa(i) + ":\n")
		b.WriteString("            return NSLocalizedString(@\"" + pick(c.r, asciiWords) + " " + itoa(i) + "\", nil);\n")
	}
	c.def("", "- (NSString *){{sel}}:(NSInteger)index", `
    switch (index) {
{{cases}}        default:
            break;
    }
    return [NSString stringWithFormat:@"%@ %ld", @"{{n}}", (long)index];`, "sel", sel, "cases", b.String(), "n", n)
}

func fillLoops(c *class) {
	n := c.noun()
	sel := c.uniq("checksumFor" + n)
	c.def("", "- (uint32_t){{sel}}:(NSData *)data", `
    const uint8_t *bytes = data.bytes;
    NSUInteger length = data.length;
    uint32_t a = 1, b = 0;
    for (NSUInteger i = 0; i < length; i++) {
        a = (a + bytes[i]) % 65521;
        b = (b + a) % 65521;
    }
    uint32_t folded = (b << 16) | a;
    int rounds = {{rounds}};
    while (rounds-- > 0) {
        folded ^= folded >> 13;
        folded *= 0x5bd1e995;
    }
    do {
        folded ^= folded >> 15;
    } while (folded == 0 && length > 0);
    return folded;`, "sel", sel, "rounds", itoa(c.r.between(1, 4)))
}

func fillSynchronized(c *class) {
	if c.category != "" {
		// A category cannot add ivars.
		fillStringBuilder(c)
		return
	}
	n := c.noun()
	iv := c.addIvar("NSMutableDictionary<NSString *, id> *", lowerFirst(n)+"Table")
	sel := c.uniq("record" + n)
	c.def("", "- (void){{sel}}:(id)value forKey:(NSString *)key", `
    if (key.length == 0) {
        return;
    }
    @synchronized (self) {
        if (!{{iv}}) {
            {{iv}} = [NSMutableDictionary dictionary];
        }
        if (value) {
            {{iv}}[key] = value;
        } else {
            [{{iv}} removeObjectForKey:key];
        }
    }`, "sel", sel, "iv", iv)
	sel2 := c.uniq("snapshotOf" + n + "s")
	c.def("", "- (NSDictionary<NSString *, id> *){{sel}}", `
    @synchronized (self) {
        return [{{iv}} copy] ?: @{};
    }`, "sel", sel2, "iv", iv)
}

func fillStringBuilder(c *class) {
	n := c.noun()
	sel := c.uniq(lowerFirst(n) + "Report")
	c.def("", "- (NSString *){{sel}}:(NSArray<NSString *> *)names", `
    NSMutableString *report = [NSMutableString stringWithString:@"{{n}} report\n"];
    [report appendString:@"==========\n"];
    NSUInteger index = 0;
    for (NSString *name in names) {
        [report appendFormat:@"%2lu. %@\n", (unsigned long)++index, name];
        if (index >= {{limit}}) {
            [report appendFormat:@"... and %lu more\n", (unsigned long)(names.count - index)];
            break;
        }
    }
    return [report copy];`, "sel", sel, "n", n, "limit", itoa(c.r.between(5, 50)))
}

func fillEnumerate(c *class) {
	n := c.noun()
	sel := c.uniq("count" + n + "Matches")
	helper := c.uniq("is" + n + "Relevant")
	c.def("", "- (NSUInteger){{sel}}:(NSArray<NSString *> *)values", `
    __block NSUInteger matches = 0;
    [values enumerateObjectsUsingBlock:^(NSString *value, NSUInteger idx, BOOL *stop) {
        if ([self {{helper}}:value]) {
            matches++;
        }
        if (matches > {{limit}}) {
            *stop = YES;
        }
    }];
    return matches;`, "sel", sel, "helper", helper, "limit", itoa(c.r.between(10, 99)))
	c.def("", "- (BOOL){{helper}}:(NSString *)value", `
    return [value rangeOfString:@"{{w}}" options:NSCaseInsensitiveSearch].location != NSNotFound;`, "helper", helper, "w", strings.ToLower(pick(c.r, asciiWords)))
}

func fillPredicate(c *class) {
	n := c.noun()
	sel := c.uniq("filtered" + n + "s")
	c.def("", "- (NSArray *){{sel}}:(NSArray *)items minimum:(NSInteger)minimum", `
    NSPredicate *predicate = [NSPredicate predicateWithBlock:^BOOL(id item, NSDictionary *bindings) {
        if (![item respondsToSelector:@selector(integerValue)]) {
            return NO;
        }
        return [item integerValue] >= minimum;
    }];
    return [items filteredArrayUsingPredicate:predicate];`, "sel", sel)
}

func fillCFunction(c *class) {
	n := c.noun()
	fn := c.uniq(c.ident + n + "Clamp")
	c.st(`
static inline CGFloat {{fn}}(CGFloat value, CGFloat low, CGFloat high) {
    if (value < low) {
        return low;
    }
    return value > high ? high : value;
}
`, "fn", fn)
	sel := c.uniq("normalized" + n)
	c.def("", "- (CGFloat){{sel}}:(CGFloat)value", `
    CGFloat scaled = value * {{scale}};
    return {{fn}}(scaled, 0, 1);`, "sel", sel, "fn", fn, "scale", "0."+itoa(c.r.between(1, 99)))
}

func fillDefaults(c *class) {
	n := c.noun()
	key := c.uniq(c.ident + n + "DefaultsKey")
	c.st(`static NSString * const {{key}} = @"{{domain}}.{{k}}";`, "key", key, "k", lowerFirst(n))
	sel := c.uniq("stored" + n)
	c.def("", "- (NSInteger){{sel}}", `
    return [[NSUserDefaults standardUserDefaults] integerForKey:{{key}}];`, "sel", sel, "key", key)
	sel2 := c.uniq("store" + n)
	c.def("", "- (void){{sel}}:(NSInteger)value", `
    NSUserDefaults *defaults = [NSUserDefaults standardUserDefaults];
    if ([defaults integerForKey:{{key}}] == value) {
        return;
    }
    [defaults setInteger:value forKey:{{key}}];`, "sel", sel2, "key", key)
}

func fillFiles(c *class) {
	n := c.noun()
	sel := c.uniq(lowerFirst(n) + "DirectoryURL")
	c.def("", "- (nullable NSURL *){{sel}}", `
    NSError *error = nil;
    NSURL *base = [[NSFileManager defaultManager] URLForDirectory:NSCachesDirectory
                                                         inDomain:NSUserDomainMask
                                                appropriateForURL:nil
                                                           create:YES
                                                            error:&error];
    if (!base) {
        HBLog(HBLogLevelError, @"no caches directory: %@", error);
        return nil;
    }
    NSURL *url = [base URLByAppendingPathComponent:@"{{n}}" isDirectory:YES];
    if (![[NSFileManager defaultManager] createDirectoryAtURL:url withIntermediateDirectories:YES attributes:nil error:&error]) {
        HBLog(HBLogLevelError, @"cannot create %@: %@", url.path, error);
        return nil;
    }
    return url;`, "sel", sel, "n", n)
	c.mImport(`#import "HBLogger.h"`)
}

func fillJSON(c *class) {
	n := c.noun()
	sel := c.uniq("decode" + n)
	c.def("", "- (nullable NSDictionary *){{sel}}:(NSData *)data", `
    if (data.length == 0) {
        return nil;
    }
    NSError *error = nil;
    id object = [NSJSONSerialization JSONObjectWithData:data options:0 error:&error];
    if (![object isKindOfClass:[NSDictionary class]]) {
        HBLog(HBLogLevelWarning, @"unexpected {{n}} payload: %@", error ?: object);
        return nil;
    }
    NSDictionary *dictionary = object;
    id inner = dictionary[@"data"];
    return [inner isKindOfClass:[NSDictionary class]] ? inner : dictionary;`, "sel", sel, "n", strings.ToLower(n))
	c.mImport(`#import "HBLogger.h"`)
}

func fillDispatchAfter(c *class) {
	n := c.noun()
	sel := c.uniq("schedule" + n + "Check")
	target := c.uniq("perform" + n + "Check")
	c.def("", "- (void){{sel}}", `
    __weak typeof(self) weakSelf = self;
    dispatch_after(dispatch_time(DISPATCH_TIME_NOW, (int64_t)({{delay}} * NSEC_PER_SEC)), dispatch_get_main_queue(), ^{
        [weakSelf {{target}}];
    });`, "sel", sel, "target", target, "delay", itoa(c.r.between(1, 30))+".0")
	c.def("", "- (void){{target}}", `
    HBLog(HBLogLevelDebug, @"checking {{n}}");`, "target", target, "n", strings.ToLower(n))
	c.mImport(`#import "HBLogger.h"`)
}

func fillMainThread(c *class) {
	n := c.noun()
	sel := c.uniq("apply" + n)
	c.def("", "- (void){{sel}}:(NSDictionary *)changes", `
    if (![NSThread isMainThread]) {
        dispatch_async(dispatch_get_main_queue(), ^{
            [self {{sel}}:changes];
        });
        return;
    }
    for (NSString *key in changes) {
        id value = changes[key];
        if (value == [NSNull null]) {
            continue;
        }
        HBLog(HBLogLevelDebug, @"{{n}} %@ -> %@", key, value);
    }`, "sel", sel, "n", strings.ToLower(n))
	c.mImport(`#import "HBLogger.h"`)
}

func fillTryCatch(c *class) {
	n := c.noun()
	sel := c.uniq("safely" + upperFirst(pick(c.r, verbs)) + n)
	c.def("", "- (BOOL){{sel}}:(NSMutableArray *)items atIndex:(NSUInteger)index", `
    @try {
        [items removeObjectAtIndex:index];
        return YES;
    } @catch (NSException *exception) {
        HBLog(HBLogLevelError, @"%@: %@", exception.name, exception.reason);
        return NO;
    } @finally {
        HBLog(HBLogLevelDebug, @"{{n}} count %lu", (unsigned long)items.count);
    }`, "sel", sel, "n", strings.ToLower(n))
	c.mImport(`#import "HBLogger.h"`)
}

func fillAutorelease(c *class) {
	n := c.noun()
	sel := c.uniq("build" + n + "Index")
	c.def("", "- (NSDictionary<NSString *, NSNumber *> *){{sel}}:(NSArray<NSString *> *)lines", `
    NSMutableDictionary<NSString *, NSNumber *> *index = [NSMutableDictionary dictionaryWithCapacity:lines.count];
    for (NSUInteger i = 0; i < lines.count; i++) {
        @autoreleasepool {
            NSString *key = [[lines[i] lowercaseString] stringByReplacingOccurrencesOfString:@" " withString:@"_"];
            if (key.length == 0 || index[key] != nil) {
                continue;
            }
            index[key] = @(i);
        }
    }
    return index;`, "sel", sel)
}

func fillMath(c *class) {
	n := c.noun()
	sel := c.uniq("weighted" + n + "Score")
	c.def("", "- (double){{sel}}:(const double *)values count:(size_t)count", `
    if (values == NULL || count == 0) {
        return 0.0;
    }
    double sum = 0.0, weights = 0.0;
    for (size_t i = 0; i < count; i++) {
        double w = 1.0 / (1.0 + (double)i * {{decay}});
        sum += values[i] * w;
        weights += w;
    }
    return weights > 0 ? sum / weights : 0.0;`, "sel", sel, "decay", "0."+itoa(c.r.between(1, 9)))
}

func fillAttributed(c *class) {
	n := c.noun()
	sel := c.uniq("attributed" + n)
	c.def("", "- (NSAttributedString *){{sel}}:(NSString *)text highlight:(nullable NSString *)highlight", `
    NSMutableAttributedString *result = [[NSMutableAttributedString alloc] initWithString:text attributes:@{
        NSFontAttributeName: [UIFont preferredFontForTextStyle:UIFontTextStyleBody],
        NSForegroundColorAttributeName: [UIColor labelColor],
    }];
    if (highlight.length > 0) {
        NSRange range = [text rangeOfString:highlight options:NSCaseInsensitiveSearch];
        if (range.location != NSNotFound) {
            [result addAttribute:NSForegroundColorAttributeName value:[UIColor {{color}}] range:range];
        }
    }
    return result;`, "sel", sel, "color", pick(c.r, colors))
	c.mImport("#import <UIKit/UIKit.h>")
}
