// Positive and negative cases for strongdelegate (SEMANTICS §1). A strong
// delegate is reported only with evidence that the delegate owns the
// object: a view controller that sets itself as the delegate of a view it
// shows, or a retain cycle through the property.
#import <UIKit/UIKit.h>

@protocol PhotoCellDelegate <NSObject>
- (void)photoCellDidTapLike:(id)cell;
@end

@interface PhotoCell : UITableViewCell
@property (nonatomic, strong) id<PhotoCellDelegate> delegate;
@property (nonatomic) id<UITableViewDataSource> dataSource;
@property (nonatomic, retain) id<PhotoCellDelegate> likeHandler;
@property (nonatomic, copy) id menuDelegate;
// Fine: strong, but nothing is shown to set itself as this delegate (the
// delegate may not own the cell).
@property (nonatomic, strong) id<PhotoCellDelegate> shareDelegate;
@end

@interface FeedViewController : UITableViewController <PhotoCellDelegate>
@end

@implementation FeedViewController
- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath {
    PhotoCell *cell = [tableView dequeueReusableCellWithIdentifier:@"photo" forIndexPath:indexPath];
    // The controller owns the table view, which keeps its cells.
    cell.delegate = self; // want `-\[FeedViewController tableView:cellForRowAtIndexPath:\] sets the strong PhotoCell.delegate \(named delegate\) to self, and the FeedViewController shows that view` related:"PhotoCell.delegate declared strong here"
    cell.dataSource = self; // want `sets the strong PhotoCell.dataSource \(named dataSource\) to self`
    [cell setLikeHandler:self]; // want `sets the strong PhotoCell.likeHandler \(typed id<PhotoCellDelegate>\) to self`
    cell.menuDelegate = self; // want `sets the strong PhotoCell.menuDelegate \(named menuDelegate\) to self`
    // One finding per property and owner: the first store says it.
    cell.delegate = self;
    return cell;
}
@end

// Fine: a model object, not a view, sets itself as the cell's share
// delegate: nothing says it owns the cell.
@interface ShareModel : NSObject
@end
@implementation ShareModel
- (void)attach:(PhotoCell *)cell {
    cell.shareDelegate = self;
}
@end

@interface FeedView : UIView
// Fine: weak back-pointers.
@property (nonatomic, weak) id<PhotoCellDelegate> delegate;
@property (nonatomic, weak) id<UITableViewDataSource> dataSource;
// Fine: unretained (dangling after dealloc, but no cycle).
@property (nonatomic, assign) id<PhotoCellDelegate> legacyDelegate;
@property (nonatomic, unsafe_unretained) id<PhotoCellDelegate> otherDelegate;
// Fine: a weak collection of listeners, not a back-pointer.
@property (nonatomic, strong) NSHashTable<id<PhotoCellDelegate>> *delegates;
// Fine: not a delegate at all.
@property (nonatomic, strong) NSOperationQueue *delegateQueue;
@property (nonatomic, strong) id<NSObject> token;
// Fine: a scalar.
@property (nonatomic) BOOL hasDelegate;
@end

@interface Loader : NSObject
@property (nonatomic, strong, readonly) id<PhotoCellDelegate> delegate;
@end

// The extension redeclares the header's readonly property: reported once,
// at the declaration in this file that makes it strong. The evidence is
// the cycle LoaderOwner closes (without the retaincycle rule, which
// otherwise reports that cycle itself).
@interface Loader ()
@property (nonatomic, strong, readwrite) id<PhotoCellDelegate> delegate; // want `Loader.delegate is named delegate and strong, and a retain cycle goes through it` related:"also declared here"
@end

@interface LoaderOwner : NSObject <PhotoCellDelegate>
@property (nonatomic, strong) Loader *loader;
@end

@implementation LoaderOwner
- (void)start {
    self.loader = [[Loader alloc] init];
    self.loader.delegate = self;
}
@end

@class KittenDataSource;
@protocol WeakReference;

#if __has_feature(objc_arc_weak)
#define weak_delegate weak
#else
#define weak_delegate unsafe_unretained
#endif

@interface KittenController : UIViewController
// Fine: a concrete helper object the controller creates and owns; it is
// not a back-pointer.
@property (nonatomic, strong) KittenDataSource *kittenDataSource;
// Fine: a strong reference to a weak-reference proxy.
@property (nonatomic, strong) id<PhotoCellDelegate, WeakReference> proxyDelegate;
// Fine: a project macro that stands for weak (or unsafe_unretained).
@property (nonatomic, weak_delegate) id<PhotoCellDelegate> delegate;
// Fine without evidence: named like a back-pointer and strong, but
// nothing shows that the object it holds owns this controller.
@property (nonatomic, strong) UIViewController *dataSource;
@end

// Fine: an owned helper. The layout creates the object it keeps in its
// delegate-named property; nothing points back, so nothing cycles.
@interface SizingDelegate : NSObject
@end
@implementation SizingDelegate
@end

@interface GridLayout : NSObject
@property (nonatomic, strong) id layoutDelegate;
@property (nonatomic, strong) id dataSource;
@end

@implementation GridLayout
- (instancetype)init {
    if ((self = [super init])) {
        _layoutDelegate = [[SizingDelegate alloc] init];
        [self setDataSource:[SizingDelegate new]];
    }
    return self;
}
@end

// Fine: the controller that sets itself as the view's strong delegate is
// the application's single root controller: it lives as long as the
// process, so keeping it alive longer leaks nothing.
@interface MapView : UIView
@property (nonatomic, strong) id delegate;
@end

@interface MapRootController : UIViewController
@end

@implementation MapRootController
- (void)viewDidLoad {
    [super viewDidLoad];
    MapView *map = [[MapView alloc] init];
    map.delegate = self;
    [self.view addSubview:map];
}
@end

@interface MapAppDelegate : UIResponder <UIApplicationDelegate>
@property (nonatomic, strong) UIWindow *window;
@end

@implementation MapAppDelegate
- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)options {
    self.window.rootViewController = [[MapRootController alloc] init];
    return YES;
}
@end
