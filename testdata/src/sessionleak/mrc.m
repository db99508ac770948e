// MRC variant: releasing the manager in -dealloc does not invalidate its
// session, which still retains the manager (SEMANTICS §5).
#if __has_feature(objc_arc)
#error This file must be compiled without ARC.
#endif
#import <AFNetworking/AFNetworking.h>

@interface LegacyClient : NSObject {
    AFHTTPSessionManager *_manager;
}
@end

@implementation LegacyClient
- (id)init {
    if ((self = [super init])) {
        _manager = [[AFHTTPSessionManager alloc] initWithBaseURL:nil]; // want `AFHTTPSessionManager created in -init and stored in _manager is never invalidated.*releasing it in -dealloc does not invalidate` related:"released here"
    }
    return self;
}

- (void)dealloc {
    [_manager release];
    [super dealloc];
}
@end

@interface LegacyOwner : NSObject {
    AFHTTPSessionManager *_manager;
}
@end

@implementation LegacyOwner
// Fine: invalidated before release.
- (id)init {
    if ((self = [super init])) {
        _manager = [[AFHTTPSessionManager alloc] initWithBaseURL:nil];
    }
    return self;
}

- (void)dealloc {
    [_manager invalidateSessionCancelingTasks:YES];
    [_manager release];
    [super dealloc];
}
@end
