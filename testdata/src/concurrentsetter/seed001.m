// Seed 001: the interview question. Both methods race on the nonatomic
// nameStr from 10,000 blocks on a concurrent queue. taggedPointerDemo stores
// "CJL", a tagged pointer, and is reported by concurrentsettertagged;
// touchesBegan:withEvent: stores a string with Chinese characters, a heap
// __NSCFString, and crashes in objc_release: reported here.
#import <UIKit/UIKit.h>

@interface SeedViewController : UIViewController
@property (nonatomic, strong) dispatch_queue_t queue;
@property (nonatomic, copy) NSString *nameStr;
@end

@implementation SeedViewController

- (void)viewDidLoad {
    [super viewDidLoad];
    [self taggedPointerDemo];
}

- (void)taggedPointerDemo {
    self.queue = dispatch_queue_create("com.cjl.cn", DISPATCH_QUEUE_CONCURRENT);
    for (int i = 0; i < 10000; i++) {
        dispatch_async(self.queue, ^{
            self.nameStr = [NSString stringWithFormat:@"CJL"];
            NSLog(@"%@", self.nameStr);
        });
    }
}

- (void)touchesBegan:(NSSet<UITouch *> *)touches withEvent:(UIEvent *)event {
    NSLog(@"来了");
    for (int i = 0; i < 10000; i++) {
        dispatch_async(self.queue, ^{
            self.nameStr = [NSString stringWithFormat:@"CJL_越努力,越幸运!!!"]; // want `nonatomic property nameStr of SeedViewController is written from blocks that run at the same time: dispatch_async on the concurrent queue self.queue \(DISPATCH_QUEUE_CONCURRENT, created in -taggedPointerDemo\) inside a loop; the value is a heap object \(contains non-ASCII character '越'\): two threads can release the same old value, an over-release crash` related:"nameStr declared nonatomic here" related:`queue self.queue created here \(DISPATCH_QUEUE_CONCURRENT\)`
            NSLog(@"%@", self.nameStr);
        });
    }
}
@end
