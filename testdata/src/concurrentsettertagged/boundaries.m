// Tagged-pointer strings at the length boundaries of SEMANTICS §6: up to 7
// ASCII characters; 8–9 characters from the 6-bit table; 10–11 from the
// 5-bit table. Strings just past a boundary are heap strings, reported by
// concurrentsetter instead.
#import <Foundation/Foundation.h>

@interface Tagger : NSObject
@property (nonatomic, copy) NSString *tag;
@end

@implementation Tagger
- (void)race {
    for (int i = 0; i < 100; i++) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            self.tag = [NSString stringWithFormat:@"ABC%%xyz"]; // want `tagged pointer \(7 ASCII characters fit in a tagged pointer\)`
            self.tag = [NSString stringWithFormat:@"123456789"]; // want `tagged pointer \(9 characters, all in the 6-bit tagged alphabet, fit in a tagged pointer\)`
            self.tag = [[NSString alloc] initWithFormat:@"eilotrm.ap"]; // want `tagged pointer \(10 characters, all in the 5-bit tagged alphabet`
            self.tag = [NSString stringWithUTF8String:"ufkMShjTRxg"]; // want `tagged pointer \(11 characters, all in the 5-bit tagged alphabet`
            // Fine here (heap, reported by concurrentsetter): 10 characters
            // with '2' outside the 5-bit table, 12 characters, non-ASCII,
            // 8 characters with '!' outside the 6-bit table.
            self.tag = [NSString stringWithFormat:@"1234567890"];
            self.tag = [NSString stringWithFormat:@"eilotrm.apdn"];
            self.tag = [NSString stringWithFormat:@"é"];
            self.tag = [NSString stringWithFormat:@"abcdefg!"];
            // Fine here (constant, reported by concurrentsetterconstant).
            self.tag = [NSString stringWithString:@"CJL"];
        });
    }
}
@end
