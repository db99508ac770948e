// Fixture for the session-managers option (cmd/objcleak/config_test.go):
// RKNetworkClient, a library class that owns an NSURLSession with itself as
// the delegate, is a session manager only when configured as one.
#import <Foundation/Foundation.h>
#import <RestKit/RKNetworkClient.h>

@interface ProfileLoader : NSObject
@end

@implementation ProfileLoader

- (void)load {
    RKNetworkClient *client = [[RKNetworkClient alloc] init];
    [client fetch];
}

@end
