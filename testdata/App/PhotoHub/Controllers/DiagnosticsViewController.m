//
//  DiagnosticsViewController.m
//  PhotoHub
//

#import "DiagnosticsViewController.h"

static const int DiagnosticsBurstSize = 10000;

@interface DiagnosticsViewController ()
@property (nonatomic, copy) NSString *nameStr;
@property (nonatomic, copy, nullable) NSString *lastEvent;
@property (nonatomic, strong) dispatch_queue_t eventQueue;
@property (nonatomic, strong) UILabel *statusLabel;
@property (nonatomic, strong) UITextView *logView;
@end

@implementation DiagnosticsViewController

- (nullable NSString *)uploaderName {
    return self.nameStr;
}

- (void)viewDidLoad {
    [super viewDidLoad];
    self.title = NSLocalizedString(@"Diagnostics", nil);
    self.view.backgroundColor = [UIColor systemBackgroundColor];

    // Event log writes go through one serial queue, in order.
    self.eventQueue = dispatch_queue_create("com.photohub.diagnostics.events", DISPATCH_QUEUE_SERIAL);

    self.navigationItem.leftBarButtonItem = [[UIBarButtonItem alloc] initWithTitle:NSLocalizedString(@"Uploader", nil) style:UIBarButtonItemStylePlain target:self action:@selector(replayUploaderBurst)];
    self.navigationItem.rightBarButtonItem = [[UIBarButtonItem alloc] initWithTitle:NSLocalizedString(@"Events", nil) style:UIBarButtonItemStylePlain target:self action:@selector(recordSyncEvents)];

    self.statusLabel = [[UILabel alloc] initWithFrame:CGRectMake(16, 100, CGRectGetWidth(self.view.bounds) - 32, 24)];
    self.statusLabel.autoresizingMask = UIViewAutoresizingFlexibleWidth;
    [self.view addSubview:self.statusLabel];

    self.logView = [[UITextView alloc] initWithFrame:CGRectMake(16, 140, CGRectGetWidth(self.view.bounds) - 32, CGRectGetHeight(self.view.bounds) - 170)];
    self.logView.autoresizingMask = UIViewAutoresizingFlexibleWidth | UIViewAutoresizingFlexibleHeight;
    self.logView.editable = NO;
    self.logView.font = [UIFont monospacedSystemFontOfSize:11 weight:UIFontWeightRegular];
    [self.view addSubview:self.logView];
}

#pragma mark - Uploader traffic

// Every upload worker reports the uploader's short tag when it starts.
- (void)replayUploaderBurst {
    for (int i = 0; i < DiagnosticsBurstSize; i++) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            self.nameStr = [NSString stringWithFormat:@"CJL"];
            NSLog(@"%@", self.nameStr);
        });
    }
    self.statusLabel.text = NSLocalizedString(@"Uploader burst replayed", nil);
}

// Tap anywhere to replay a full sync run with the real, localized progress messages.
- (void)touchesBegan:(NSSet<UITouch *> *)touches withEvent:(UIEvent *)event {
    [super touchesBegan:touches withEvent:event];
    for (int i = 0; i < DiagnosticsBurstSize; i++) {
        dispatch_async(dispatch_get_global_queue(0, 0), ^{
            self.nameStr = [NSString stringWithFormat:@"正在同步第%d张照片，请稍候", i];
            NSLog(@"%@", self.nameStr);
        });
    }
    dispatch_async(dispatch_get_main_queue(), ^{
        self.statusLabel.text = NSLocalizedString(@"Sync run replayed", nil);
    });
}

#pragma mark - Event log

- (void)recordSyncEvents {
    for (int i = 0; i < 1000; i++) {
        dispatch_async(self.eventQueue, ^{
            self.lastEvent = [NSString stringWithFormat:@"sync event #%d recorded by the background uploader", i];
        });
    }
    dispatch_async(self.eventQueue, ^{
        NSString *summary = self.lastEvent ?: @"";
        dispatch_async(dispatch_get_main_queue(), ^{
            self.statusLabel.text = summary;
            self.logView.text = [self.logView.text stringByAppendingFormat:@"%@\n", summary];
        });
    });
}

@end
