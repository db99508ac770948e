//
//  NSString+PHFormatting.m
//  PhotoHub
//

#import "NSString+PHFormatting.h"

@implementation NSString (PHFormatting)

+ (NSString *)ph_abbreviatedStringForCount:(NSInteger)count {
    if (count < 1000) {
        return [NSString stringWithFormat:@"%ld", (long)count];
    }
    if (count < 1000000) {
        return [NSString stringWithFormat:@"%.1fK", count / 1000.0];
    }
    return [NSString stringWithFormat:@"%.1fM", count / 1000000.0];
}

+ (NSString *)ph_relativeStringFromDate:(NSDate *)date {
    NSTimeInterval elapsed = -[date timeIntervalSinceNow];
    if (elapsed < 60) {
        return NSLocalizedString(@"just now", nil);
    }
    if (elapsed < 3600) {
        return [NSString stringWithFormat:@"%ldm", (long)(elapsed / 60)];
    }
    if (elapsed < 86400) {
        return [NSString stringWithFormat:@"%ldh", (long)(elapsed / 3600)];
    }
    return [NSString stringWithFormat:@"%ldd", (long)(elapsed / 86400)];
}

- (NSString *)ph_trimmed {
    return [self stringByTrimmingCharactersInSet:[NSCharacterSet whitespaceAndNewlineCharacterSet]];
}

@end
