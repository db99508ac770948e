// NSNumber values (SEMANTICS §6): floating-point numbers and integers that
// do not fit in 56 bits are heap objects; a 64-bit variable depends on its
// value, so it counts as a heap object too.
#import <Foundation/Foundation.h>

@interface Meter : NSObject
@property (nonatomic, strong) NSNumber *reading;
@property (nonatomic, strong) NSNumber *small;
@end

@implementation Meter
- (void)sample:(NSInteger)base {
    for (NSInteger i = 0; i < 100; i++) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            self.reading = @(i * 0.25); // want `the value is of unknown kind \(the boxed value \(i \* 0.25\) is not a literal\)`
            self.reading = @(base); // want `the value is of unknown kind \(a 64-bit NSInteger is tagged only when it fits in 56 bits, which depends on the value\)`
            self.reading = [NSNumber numberWithDouble:0.5]; // want `heap object \(floating-point NSNumber; tagging depends on the OS version\)`
            self.reading = @0x7FFFFFFFFFFFFFFF; // want `heap object \(9223372036854775807 does not fit in the 56-bit payload`
            self.reading = [NSNumber numberWithLongLong:-36028797018963969LL]; // want `heap object \(-36028797018963969 does not fit`
            self.reading = @3.5f; // want `floating-point NSNumber`
            // Fine here: tagged (reported by concurrentsettertagged).
            self.small = @((int)i);
            self.small = [NSNumber numberWithInt:7];
        });
    }
}
@end
