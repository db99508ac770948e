//
//  AppDelegate.m
//  PhotoHub
//

#import "AppDelegate.h"
#import "APIClient.h"
#import "FeedViewController.h"
#import "ProfileViewController.h"
#import "DiagnosticsViewController.h"

static NSString * const PHAuthTokenKey = @"PHAuthToken";
static NSString * const PHCurrentUsernameKey = @"PHCurrentUsername";
static NSString * const PHShowDiagnosticsKey = @"PHShowDiagnostics";

@interface AppDelegate ()
@property (nonatomic, strong) UITabBarController *tabBarController;
@end

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(nullable NSDictionary<UIApplicationLaunchOptionsKey, id> *)launchOptions {
    NSUserDefaults *defaults = [NSUserDefaults standardUserDefaults];
    [APIClient sharedClient].authToken = [defaults stringForKey:PHAuthTokenKey];

    NSMutableArray<UIViewController *> *tabs = [NSMutableArray array];
    [tabs addObject:[self navigationControllerWithRoot:[[FeedViewController alloc] initWithFeedType:FeedTypeHome]
                                                 title:NSLocalizedString(@"Home", nil)
                                                symbol:@"house"]];
    [tabs addObject:[self navigationControllerWithRoot:[[FeedViewController alloc] initWithFeedType:FeedTypeExplore]
                                                 title:NSLocalizedString(@"Explore", nil)
                                                symbol:@"magnifyingglass"]];

    NSString *username = [defaults stringForKey:PHCurrentUsernameKey] ?: @"";
    [tabs addObject:[self navigationControllerWithRoot:[[ProfileViewController alloc] initWithUsername:username]
                                                 title:NSLocalizedString(@"Profile", nil)
                                                symbol:@"person.crop.circle"]];

    if ([defaults boolForKey:PHShowDiagnosticsKey]) {
        [tabs addObject:[self navigationControllerWithRoot:[[DiagnosticsViewController alloc] init]
                                                     title:NSLocalizedString(@"Diagnostics", nil)
                                                    symbol:@"stethoscope"]];
    }

    self.tabBarController = [[UITabBarController alloc] init];
    self.tabBarController.viewControllers = tabs;

    self.window = [[UIWindow alloc] initWithFrame:[UIScreen mainScreen].bounds];
    self.window.rootViewController = self.tabBarController;
    [self.window makeKeyAndVisible];
    return YES;
}

- (UINavigationController *)navigationControllerWithRoot:(UIViewController *)root title:(NSString *)title symbol:(NSString *)symbol {
    UINavigationController *navigation = [[UINavigationController alloc] initWithRootViewController:root];
    navigation.tabBarItem = [[UITabBarItem alloc] initWithTitle:title image:[UIImage systemImageNamed:symbol] tag:0];
    return navigation;
}

@end
