// Constants (SEMANTICS §6): string literals, strings passed through
// stringWithString:/initWithString:, @YES/@NO and nil are never released,
// so racing nonatomic setters that store them do not crash: a note.
#import <Foundation/Foundation.h>

@interface StatusBoard : NSObject
@property (nonatomic, copy) NSString *status;
@property (nonatomic, strong) NSNumber *busy;
@property (nonatomic, strong) id payload;
@property (nonatomic, copy) NSString *mainStatus;
@end

@implementation StatusBoard
- (void)download:(NSArray<NSURL *> *)urls {
    for (NSURL *url in urls) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            self.status = @"Downloading"; // want `nonatomic property status of StatusBoard is written from blocks that run at the same time: dispatch_async on the global concurrent queue inside a loop; the value is a constant \(string literal: a constant __NSCFConstantString, never deallocated\): retain and release ignore it, so this value is never over-released, but the unsynchronized writes are a data race` related:"status declared nonatomic here"
            self.status = [NSString stringWithString:@"下载中"]; // want `constant \(stringWithString: of a string literal returns the constant literal\)`
            self.status = [[NSString alloc] initWithString:@"Queued"]; // want `constant \(initWithString: of a string literal`
            self.busy = @YES; // want `nonatomic property busy of StatusBoard.*constant \(@YES is the constant kCFBooleanTrue\)`
            self.busy = [NSNumber numberWithBool:NO]; // want `constant \(@NO is the constant kCFBooleanFalse\)`
            self.payload = nil; // want `nonatomic property payload of StatusBoard.*constant \(nil, which retain and release ignore\).*note that another concurrent write in -attach stores a heap object \(a new NSObject is a heap object\)` related:"the concurrent write of a heap value"
            // Fine here: a run-time string (tagged) is concurrentsettertagged's.
            self.status = [NSString stringWithFormat:@"Done"];
        });
    }
}

// Reported by concurrentsetter (a heap value); the nil above can release it.
- (void)attach {
    self.payload = [[NSObject alloc] init];
}

// Fine: the main queue runs one block at a time.
- (void)show {
    for (int i = 0; i < 3; i++) {
        dispatch_async(dispatch_get_main_queue(), ^{
            self.mainStatus = @"Ready";
        });
    }
}
@end
