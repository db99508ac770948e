//
//  NSString+PHFormatting.h
//  PhotoHub
//
//  Small formatting helpers shared by cells and the profile screen.
//

#import <Foundation/Foundation.h>

NS_ASSUME_NONNULL_BEGIN

@interface NSString (PHFormatting)

/// "999", "1.2K", "3.4M".
+ (NSString *)ph_abbreviatedStringForCount:(NSInteger)count;

/// "just now", "5m", "3h", "2d".
+ (NSString *)ph_relativeStringFromDate:(NSDate *)date;

/// The receiver without leading/trailing whitespace and newlines.
- (NSString *)ph_trimmed;

@end

NS_ASSUME_NONNULL_END
