// Declarations: interfaces, extensions, categories, protocols, properties
// with every attribute kind, ivars with ownership qualifiers.
#import <Foundation/Foundation.h>
#import "Other.h"
@import UIKit;

typedef void (^Completion)(NSError *error);

@protocol Loader <NSObject>
@property (nonatomic, strong) id<NSObject> token;
- (void)load:(NSURL *)url completion:(void (^)(NSData *data))completion;
@optional
+ (instancetype)sharedLoader;
@end

@interface Base : NSObject <Loader, NSCopying> {
    __weak id _weakIvar;
    __unsafe_unretained NSObject *_unretained;
    NSString *_strongIvar;
    __block id _blockIvar;
    NSInteger _count;
    CGRect _frame;
    id<Loader> _loader;
    dispatch_queue_t _queue;
}
@property (nonatomic, copy) NSString *name;
@property (atomic, strong, readonly) NSArray<NSString *> *items;
@property (nonatomic, weak, nullable) id<Loader> delegate;
@property (assign) NSUInteger count;
@property (nonatomic, unsafe_unretained) UIView *view;
@property (nonatomic, retain) NSMutableDictionary *cache;
@property (nonatomic, copy) void (^handler)(BOOL ok);
@property (nonatomic, copy) Completion completion;
@property (nonatomic, getter=isOn, setter=setIsOn:) BOOL on;
@property (nonatomic, strong) NSString *first, *second;
- (instancetype)initWithName:(NSString *)name NS_DESIGNATED_INITIALIZER;
- (void)enumerate:(void (NS_NOESCAPE ^)(id obj))block;
@end

@interface Base ()
@property (atomic, strong, readwrite) NSArray<NSString *> *items;
@end

@interface Base (Helpers) <Loader>
- (void)helper;
@end

@interface Derived<T> : Base
@end

#if __has_feature(objc_arc_weak)
#define weak_delegate weak
#else
#define weak_delegate unsafe_unretained
#endif

@interface Carousel : NSObject
@property (nonatomic, weak_delegate) id<Loader> delegate;
@end
