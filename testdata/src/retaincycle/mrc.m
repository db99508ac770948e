// retaincycle under MRC (SEMANTICS §1, §2): a copied block retains the
// objects it captures, except __block variables; an ivar assignment
// retains nothing unless the code retains or copies by hand.
#if __has_feature(objc_arc)
#error This file must be compiled without ARC.
#endif
#import <Foundation/Foundation.h>

@interface Downloader : NSObject {
    void (^_onFinish)(void);
    void (^_onError)(void);
}
@property (nonatomic, copy) void (^onProgress)(void);
@property (nonatomic, retain) NSMutableArray *observers;
- (void)cancel;
@end

@implementation Downloader

- (void)copyProperty {
    self.onProgress = ^{ // want `retain cycle: Downloader → onProgress \(copy property\) → block → self \(captured\)`
        [self cancel];
    };
}

- (void)ivarCopiedByHand {
    _onFinish = [^{ // want `Downloader → _onFinish \(strong ivar\) → block → self`
        [self cancel];
    } copy];
}

- (void)retainedCollection {
    [self.observers addObject:[[^{ // want `observers \(strong property\) → element \(collection element\) → block → self`
        [self cancel];
    } copy] autorelease]];
}

// Fine under MRC: __block variables are not retained by blocks.
- (void)blockSelf {
    __block Downloader *blockSelf = self;
    self.onProgress = ^{
        [blockSelf cancel];
    };
}

// Fine under MRC: an unqualified ivar assignment retains nothing (the
// stack block is a different bug).
- (void)ivarNotRetained {
    _onError = ^{
        [self cancel];
    };
}

- (void)cancel {
}

- (void)dealloc {
    [_onFinish release];
    [_observers release];
    [super dealloc];
}
@end

// Collection literals under MRC: the literal retains its elements, but a
// block literal element is not copied (it stays on the stack and retains
// nothing it captures) unless the code copies it by hand.
@interface Menu : NSObject
@property (nonatomic, retain) NSArray *actions;
@property (nonatomic, retain) NSArray *copiedActions;
- (void)reload;
@end

@implementation Menu
- (void)stackBlocks {
    self.actions = @[^{ [self reload]; }]; // a stack block: no cycle (and a dangling block once the method returns)
}

- (void)copiedBlocks {
    self.copiedActions = @[[[^{ // want `retain cycle: Menu → copiedActions \(strong property\) → element \(collection element\) → block → self`
        [self reload];
    } copy] autorelease]];
}

- (void)reload {
}
@end

// A table's cells under MRC: the retained table keeps its cells, a copy
// property copies the block, which retains the controller it captures;
// an assign block property keeps nothing.
@interface UITableViewCell : NSObject
@end
@interface UITableView : NSObject
- (id)dequeueReusableCellWithIdentifier:(NSString *)identifier;
@end
@interface ReplyCell : UITableViewCell
@property (nonatomic, copy) void (^onReply)(void);
@property (nonatomic, assign) void (^onBadge)(void);
@end
@interface InboxScreen : NSObject
@property (nonatomic, retain) UITableView *tableView;
- (void)reply;
@end

@implementation InboxScreen
- (UITableViewCell *)tableView:(UITableView *)tableView cellForRowAtIndexPath:(NSIndexPath *)indexPath {
    ReplyCell *cell = [tableView dequeueReusableCellWithIdentifier:@"reply"];
    cell.onReply = ^{ // want `retain cycle: InboxScreen → tableView \(strong property\) → cell \(kept by the list view\) → onReply \(copy property\) → block → self`
        [self reply];
    };
    cell.onBadge = ^{
        [self reply];
    };
    return cell;
}

- (void)reply {
}
@end

// Fine: each wrapper keeps the previous handle, which the assignment's
// value reads before the assignment replaces it: a chain, not a cycle.
@interface Wrapper : NSObject
- (id)initWithHandle:(id)handle;
@end

@implementation Wrapper {
    id _inner;
}
- (id)initWithHandle:(id)handle {
    if ((self = [super init])) {
        _inner = [handle retain];
    }
    return self;
}
- (id)wrap:(id)handle {
    handle = [[[Wrapper alloc] initWithHandle:handle] autorelease];
    handle = [[[Wrapper alloc] initWithHandle:handle] autorelease];
    return handle;
}
@end
