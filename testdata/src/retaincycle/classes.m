// retaincycle between classes by declared type (SEMANTICS §1): two classes
// whose strong properties point at each other keep any pair of their
// objects that are linked both ways alive. Only cycles through a to-one
// reference named like a back-pointer (parent, owner, delegate, container,
// controller, …) are reported: without one, mutually recursive types are
// usually trees (an expression holding calls holding expressions).
#import <UIKit/UIKit.h>

@class Shelf;
@class Album;
@protocol ShelfViewDelegate;

@interface Library : NSObject
@property (nonatomic, strong) NSMutableArray<Shelf *> *shelves;
@end

@interface Shelf : NSObject
@property (nonatomic, strong) Library *owner; // want `retain cycle between classes: Library → shelves \(strong property, elements\) → Shelf → owner \(strong property\) → Library; objects of these classes that point at each other are never deallocated; declare Shelf.owner .weak.` flow:"Library → shelves \\(strong property, elements\\) → Shelf" flow:"Shelf → owner \\(strong property\\) → Library" related:"shelves declared strong here"
@end

// A strong delegate back-pointer: the view's owner adopts the protocol.
@interface ShelfView : UIView
@property (nonatomic, strong) id<ShelfViewDelegate> delegate; // want `retain cycle between classes: ShelfViewController → shelfView \(strong property\) → ShelfView → delegate \(strong property\) → ShelfViewController`
@end

@protocol ShelfViewDelegate <NSObject>
- (void)shelfViewDidScroll:(ShelfView *)view;
@end

@interface ShelfViewController : UIViewController <ShelfViewDelegate>
@property (nonatomic, strong) ShelfView *shelfView;
@end

// A subclass of the declared type counts: Photo's container can be a SmartAlbum.
@interface Photo : NSObject
@property (nonatomic, strong) Album *container; // want `retain cycle between classes: SmartAlbum → _photos \(strong ivar, elements\) → Photo → container \(strong property\) → SmartAlbum; .* declare Photo.container .weak.` related:"_photos declared strong here"
@end

@interface Album : NSObject
@end

@interface SmartAlbum : Album {
    NSMutableArray<Photo *> *_photos;
}
@end

// Fine: mutually recursive types without a back-pointer are a tree.
@class Call;
@interface Expression : NSObject
@property (nonatomic, strong) Call *call;
@end

@interface Call : NSObject
@property (nonatomic, copy) NSArray<Expression *> *arguments;
@end

// Fine: the back-pointer is weak.
@interface Playlist : NSObject
@property (nonatomic, strong) NSArray<Photo *> *photos;
@end

@interface Slide : NSObject
@property (nonatomic, strong) Playlist *playlistStrongButOneWay;
@end

@interface Deck : NSObject
@property (nonatomic, copy) NSArray<Slide *> *slides;
@end

@interface Frame : NSObject
@property (nonatomic, weak) Deck *deck;
@property (nonatomic, strong) Frame *nextFrame; // Fine: a reference to the same class links two objects
@end

@interface Wall : NSObject
@property (nonatomic, strong) Frame *frame;
@end

@implementation Library
@end
@implementation Shelf
// The back-pointers are filled by code: a reference nothing stores into
// holds nothing, and a cycle through it is no finding.
- (void)placeIn:(Library *)library {
    self.owner = library;
}
@end
@implementation ShelfView
@end
@implementation ShelfViewController
@end
@implementation Photo
- (void)moveTo:(Album *)album {
    self.container = album;
}
@end
@implementation Album
@end
@implementation SmartAlbum
@end
@implementation Playlist
@end
@implementation Slide
@end
@implementation Deck
@end
@implementation Frame
@end
@implementation Wall
@end
@implementation Expression
@end
@implementation Call
@end

// The code is evidence for or against a guess from declared types: a
// reference whose every store holds something else does not close the
// cycle; one the code fills with an object of the class does.
@protocol PanelDelegate <NSObject>
@end

@interface Panel : NSObject
@property (nonatomic, strong) id<PanelDelegate> delegate; // want `retain cycle between classes: Dock → panel \(strong property\) → Panel → delegate \(strong property\) → Dock`
@end
@implementation Panel
@end

@interface Dock : NSObject <PanelDelegate>
@property (nonatomic, strong) Panel *panel;
@end
@implementation Dock
- (void)attach:(Panel *)p {
    p.delegate = self; // a Dock: the guess holds
}
@end

@interface Sheet : NSObject
@property (nonatomic, strong) id<PanelDelegate> listener;
@property (nonatomic, strong) id<PanelDelegate> observer;
@end
@implementation Sheet
@end

// Fine: Sheet.listener only ever holds a Dock, never a Drawer; and
// Sheet.observer only ever holds a weak proxy of the drawer.
@interface Drawer : NSObject <PanelDelegate>
@property (nonatomic, strong) Sheet *sheet;
- (id)weakSelf;
@end
@implementation Drawer
- (void)open:(Dock *)dock {
    self.sheet.listener = dock;
    self.sheet.observer = self.weakSelf;
}
- (id)weakSelf {
    return self;
}
@end

// Fine: a back-pointer declared strong that nothing in the project ever
// assigns (no store, setter call or key-value store of that name) holds
// nothing, so the cycle its declared type suggests never forms.
@class Studio;

@interface Easel : NSObject
@property (nonatomic, strong) Studio *parentStudio;
@end

@interface Studio : NSObject
@property (nonatomic, strong) NSArray<Easel *> *easels;
@end

@implementation Easel
@end

@implementation Studio
- (void)setUp {
    self.easels = @[[Easel new]];
}
@end
