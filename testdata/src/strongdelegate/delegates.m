// Positive and negative cases for strongdelegate (SEMANTICS §1).
#import <UIKit/UIKit.h>

@protocol PhotoCellDelegate <NSObject>
- (void)photoCellDidTapLike:(id)cell;
@end

@interface PhotoCell : UITableViewCell
@property (nonatomic, strong) id<PhotoCellDelegate> delegate; // want `PhotoCell.delegate is named delegate and strong, so it owns its delegate`
@property (nonatomic) id<UITableViewDataSource> dataSource; // want `PhotoCell.dataSource is named dataSource and strong`
@property (nonatomic, retain) id<PhotoCellDelegate> likeHandler; // want `PhotoCell.likeHandler is typed id<PhotoCellDelegate> and strong`
@property (nonatomic, copy) id menuDelegate; // want `PhotoCell.menuDelegate is named menuDelegate and copy`
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
// at the declaration in this file that makes it strong.
@interface Loader ()
@property (nonatomic, strong, readwrite) id<PhotoCellDelegate> delegate; // want `Loader.delegate is named delegate and strong` related:"also declared here"
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
// A back-pointer named delegate is one whatever its type.
@property (nonatomic, strong) UIViewController *dataSource; // want `KittenController.dataSource is named dataSource and strong`
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
