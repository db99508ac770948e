// Tagged NSNumbers (SEMANTICS §6): integers of at most 32 bits always fit
// in the 56-bit payload; 64-bit literals fit when |v| < 2^55.
#import <Foundation/Foundation.h>

@interface Counter : NSObject
@property (nonatomic, strong) NSNumber *count;
@property (nonatomic, strong) NSNumber *flag;
@property (nonatomic, strong) NSNumber *shown;
@end

@implementation Counter
- (void)count:(int)n {
    dispatch_apply(n, dispatch_get_global_queue(0, 0), ^(size_t i) {
        int value = (int)i;
        self.count = @(value); // want `tagged pointer \(int has at most 32 bits, which always fit in a tagged NSNumber\)`
        self.count = [NSNumber numberWithInt:value]; // want `tagged pointer \(numberWithInt: takes a value of at most 32 bits`
        self.count = @42; // want `tagged pointer \(42 fits in the 56-bit payload of a tagged NSNumber\)`
        self.count = [NSNumber numberWithInteger:36028797018963967]; // want `tagged pointer \(36028797018963967 fits`
        self.count = [NSNumber numberWithUnsignedInteger:value]; // want `tagged pointer \(int has at most 32 bits`
        // Fine here: 2^55 does not fit (heap, concurrentsetter), and @YES is
        // a constant (concurrentsetterconstant).
        self.count = [NSNumber numberWithInteger:36028797018963968];
        self.flag = @YES;
    });
}

// Fine: written on the main queue only.
- (void)show:(int)n {
    for (int i = 0; i < n; i++) {
        dispatch_async(dispatch_get_main_queue(), ^{
            self.shown = @(i);
        });
    }
}
@end
