// Seed 001: taggedPointerDemo runs 10,000 racing nonatomic setters that
// store "CJL", a tagged pointer, and appears to work: reported here as a
// latent crash. touchesBegan:withEvent: stores a heap string and is
// reported by concurrentsetter, not by this rule.
#import <UIKit/UIKit.h>

@interface SeedViewController : UIViewController
@property (nonatomic, strong) dispatch_queue_t queue;
@property (nonatomic, copy) NSString *nameStr;
@end

@implementation SeedViewController

- (void)taggedPointerDemo {
    self.queue = dispatch_queue_create("com.cjl.cn", DISPATCH_QUEUE_CONCURRENT);
    for (int i = 0; i < 10000; i++) {
        dispatch_async(self.queue, ^{
            self.nameStr = [NSString stringWithFormat:@"CJL"]; // want `nonatomic property nameStr of SeedViewController is written from blocks that run at the same time: dispatch_async on the concurrent queue self.queue \(DISPATCH_QUEUE_CONCURRENT, created in -taggedPointerDemo\) inside a loop; the value is a tagged pointer \(3 ASCII characters fit in a tagged pointer\): retain and release do nothing on it, so the race does not crash in testing, but it is a latent over-release crash.*; note that another concurrent write in -touchesBegan:withEvent: stores a heap object \(contains non-ASCII character '越'\), which this write can release, so it can crash already` related:"nameStr declared nonatomic here" related:"the concurrent write of a heap value"
            NSLog(@"%@", self.nameStr);
        });
    }
}

- (void)touchesBegan:(NSSet<UITouch *> *)touches withEvent:(UIEvent *)event {
    for (int i = 0; i < 10000; i++) {
        dispatch_async(self.queue, ^{
            self.nameStr = [NSString stringWithFormat:@"CJL_越努力,越幸运!!!"];
            NSLog(@"%@", self.nameStr);
        });
    }
}
@end
