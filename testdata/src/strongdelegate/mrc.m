// MRC variant: without an ownership attribute an object property is
// assign under MRC (no retain, no cycle); retain is strong.
#if __has_feature(objc_arc)
#error This file must be compiled without ARC.
#endif
#import <Foundation/Foundation.h>

@protocol ParserDelegate;

@interface LegacyParser : NSObject
// Fine: assign by default under MRC.
@property (nonatomic) id<ParserDelegate> delegate;
@property (nonatomic, retain) id<ParserDelegate> dataSource; // want `LegacyParser.dataSource is named dataSource and strong, and a retain cycle goes through it`
@end

// Retains the parser, which retains it back through dataSource.
@interface ParserOwner : NSObject
@property (nonatomic, retain) LegacyParser *parser;
@end

@implementation ParserOwner
- (void)start {
    self.parser = [[[LegacyParser alloc] init] autorelease];
    self.parser.dataSource = (id<ParserDelegate>)self;
}
@end

@implementation LegacyParser
- (void)dealloc {
    [super dealloc];
}
@end
