// Every expectation here is met.
@implementation A
- (void)run {
    [self leak]; // want "leak via self" related:"declared" flow:"first" flow:"second"
    // want +1 "leak via other"
    [other leak];
    [self fine];
}
@end
