// A test DSL macro that expands to a statement the grammar cannot read:
// the broken range is reported, the methods around it are not.
@implementation Spec
- (void)before {
    [self ok];
}

- (void)broken {
    SPEC_BEGIN(Feature) {
        [self ??? ]; // want `could not parse line 10; findings in this range may be missing`
    }
}

- (void)after {
    [self stillOk];
}
@end
