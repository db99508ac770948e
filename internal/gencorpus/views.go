package gencorpus

import "strings"

// Views of a module: a table cell with a delegate protocol and block
// callbacks, a header view with a display link, a category and an
// Objective-C++ layout engine.

func (g *gen) cell(m *module) {
	e := m.entities[0]
	short := strings.TrimPrefix(e, prefix+m.name)
	name := e + "Cell"
	c := g.newClass(m, m.dir+"/Views", name, "UITableViewCell")
	ci := &cellInfo{name: name, protocol: name + "Delegate", model: e,
		didTap: lowerFirst(m.name) + short + "CellDidTapAction:", didToggle: lowerFirst(m.name) + short + "Cell:didToggleFavorite:"}
	m.cell = ci
	c.set("E", e, "Protocol", ci.protocol, "cellName", lowerFirst(m.name)+short+"Cell")
	c.hImports = []string{"#import <UIKit/UIKit.h>"}
	c.mImports = []string{`#import "` + e + `.h"`, `#import "HBLogger.h"`, `#import "HBMacros.h"`}
	c.forward(e)
	c.forward(name)
	c.doc = []string{"/// A row of the " + m.name + " list. Reused: -prepareForReuse clears the callbacks."}
	c.ht(`
/// Receives the cell's taps.
@protocol {{Protocol}} <NSObject>
/// The main action button was tapped.
- (void){{cellName}}DidTapAction:({{Class}} *)cell;
@optional
/// The favorite switch changed.
- (void){{cellName}}:({{Class}} *)cell didToggleFavorite:(BOOL)favorite;
@end

`)
	if c.bug("cell.delegate") {
		c.pub = append(c.pub, prop{attrs: "nonatomic, strong, nullable", typ: "id<" + ci.protocol + ">", name: "delegate", doc: "Receives the taps.", bug: "strongdelegate"})
	} else {
		c.pub = append(c.pub, prop{attrs: pick(g.r, []string{"nonatomic, weak, nullable", "nonatomic, weak", "weak, nullable"}), typ: "id<" + ci.protocol + ">", name: "delegate", doc: "Receives the taps."})
	}
	c.names["delegate"] = true
	c.addProp(true, "nonatomic, strong, nullable", e+" *", "item", "The displayed item.")
	c.addProp(true, "nonatomic, copy, nullable", "void (^%s)("+e+" *item)", "onShare", "Called when the share button is tapped.")
	c.addProp(true, "nonatomic, copy, nullable", "void (^%s)(void)", "onLongPress", "")
	c.addProp(true, "nonatomic, strong, readonly", "UILabel *", "primaryLabel", "")
	c.addProp(true, "nonatomic, strong, readonly", "UILabel *", "secondaryLabel", "")
	c.addProp(false, "nonatomic, strong", "UIButton *", "actionButton", "")
	c.addProp(false, "nonatomic, strong", "UISwitch *", "favoriteSwitch", "")
	c.addProp(false, "nonatomic, strong", "UIImageView *", "thumbnailView", "")
	c.addProp(false, "nonatomic, strong, nullable", "NSURLSessionDataTask *", "imageTask", "")
	c.addProp(false, "nonatomic, weak, nullable", "NSTimer *", "highlightTimer", "")
	c.st(`static const CGFloat {{Class}}ThumbnailSize = {{size}}.0;`, "size", itoa(g.r.between(40, 96)))
	c.pragma("Lifecycle")
	c.def("The reuse identifier of the cell class.", "+ (NSString *)reuseIdentifier", `
    return NSStringFromClass(self);`)
	c.def("", "- (instancetype)initWithStyle:(UITableViewCellStyle)style reuseIdentifier:(nullable NSString *)reuseIdentifier", `
    self = [super initWithStyle:style reuseIdentifier:reuseIdentifier];
    if (self) {
        _primaryLabel = [[UILabel alloc] init];
        _primaryLabel.font = [UIFont preferredFontForTextStyle:UIFontTextStyleHeadline];
        _secondaryLabel = [[UILabel alloc] init];
        _secondaryLabel.textColor = [UIColor {{color}}];
        _secondaryLabel.numberOfLines = 2;
        _thumbnailView = [[UIImageView alloc] init];
        _thumbnailView.contentMode = UIViewContentModeScaleAspectFill;
        _thumbnailView.clipsToBounds = YES;
        _actionButton = [UIButton buttonWithType:UIButtonTypeSystem];
        [_actionButton setTitle:NSLocalizedString(@"Share", nil) forState:UIControlStateNormal];
        [_actionButton addTarget:self action:@selector(actionTapped:) forControlEvents:UIControlEventTouchUpInside];
        _favoriteSwitch = [[UISwitch alloc] init];
        [_favoriteSwitch addTarget:self action:@selector(favoriteChanged:) forControlEvents:UIControlEventValueChanged];
        UILongPressGestureRecognizer *press = [[UILongPressGestureRecognizer alloc] initWithTarget:self action:@selector(longPressed:)];
        [self.contentView addGestureRecognizer:press];
        for (UIView *view in @[_primaryLabel, _secondaryLabel, _thumbnailView, _actionButton, _favoriteSwitch]) {
            [self.contentView addSubview:view];
        }
    }
    return self;`, "color", pick(g.r, colors))
	c.def("", "- (void)prepareForReuse", `
    [super prepareForReuse];
    [self.imageTask cancel];
    self.imageTask = nil;
    self.onShare = nil;
    self.onLongPress = nil;
    self.thumbnailView.image = nil;
    self.item = nil;`)
	c.pragma("Layout")
	c.def("", "- (void)layoutSubviews", `
    [super layoutSubviews];
    CGRect bounds = UIEdgeInsetsInsetRect(self.contentView.bounds, UIEdgeInsetsMake(8, 16, 8, 16));
    CGRect thumb, rest;
    CGRectDivide(bounds, &thumb, &rest, {{Class}}ThumbnailSize, CGRectMinXEdge);
    self.thumbnailView.frame = CGRectMake(CGRectGetMinX(thumb), CGRectGetMidY(bounds) - {{Class}}ThumbnailSize / 2, {{Class}}ThumbnailSize, {{Class}}ThumbnailSize);
    rest = CGRectInset(rest, 12, 0);
    CGSize switchSize = [self.favoriteSwitch sizeThatFits:rest.size];
    self.favoriteSwitch.frame = CGRectMake(CGRectGetMaxX(rest) - switchSize.width, CGRectGetMinY(rest), switchSize.width, switchSize.height);
    self.primaryLabel.frame = CGRectMake(CGRectGetMinX(rest), CGRectGetMinY(rest), CGRectGetWidth(rest) - switchSize.width - 8, 22);
    self.secondaryLabel.frame = CGRectMake(CGRectGetMinX(rest), CGRectGetMaxY(self.primaryLabel.frame) + 4, CGRectGetWidth(rest), 36);
    [self.actionButton sizeToFit];
    self.actionButton.center = CGPointMake(CGRectGetMaxX(rest) - CGRectGetWidth(self.actionButton.bounds) / 2, CGRectGetMaxY(rest) - 12);`)
	c.pragma("Configuration")
	ws := c.weakSelf()
	c.def("Shows item and starts loading its thumbnail.", "- (void)configureWithItem:({{E}} *)item", `
    self.item = item;
    self.primaryLabel.text = [item displayTitle];
    self.secondaryLabel.text = [item description];
    NSURL *url = [NSURL URLWithString:[NSString stringWithFormat:@"https://img.harbor.example/{{m}}/%lu.jpg", (unsigned long)[item hash]]];
    {{outer}}
    self.imageTask = [[NSURLSession sharedSession] dataTaskWithURL:url completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {
        UIImage *image = data ? [UIImage imageWithData:data] : nil;
        dispatch_async(dispatch_get_main_queue(), ^{
            {{inner}}
            if ({{me}}.item == item) {
                {{me}}.thumbnailView.image = image;
            }
        });
    }];
    [self.imageTask resume];`, "outer", ws.outer, "inner", strings.ReplaceAll(ws.inner, "\n        ", "\n            "), "me", ws.me)
	c.pragma("Actions")
	c.def("", "- (void)actionTapped:(id)sender", `
    if (self.onShare && self.item) {
        self.onShare(self.item);
    }
    [self.delegate {{cellName}}DidTapAction:self];`)
	c.def("", "- (void)favoriteChanged:(UISwitch *)sender", `
    if ([self.delegate respondsToSelector:@selector({{cellName}}:didToggleFavorite:)]) {
        [self.delegate {{cellName}}:self didToggleFavorite:sender.isOn];
    }`)
	c.def("", "- (void)longPressed:(UILongPressGestureRecognizer *)recognizer", `
    if (recognizer.state == UIGestureRecognizerStateBegan && self.onLongPress) {
        self.onLongPress();
    }`)
	c.def("Flashes the cell for a moment.", "- (void)flash", `
    [self.highlightTimer invalidate];
    self.contentView.backgroundColor = [[UIColor {{color}}] colorWithAlphaComponent:0.2];
    // A weak timer property: the run loop keeps the one-shot timer until it fires.
    self.highlightTimer = [NSTimer scheduledTimerWithTimeInterval:0.6 target:self selector:@selector(unflash:) userInfo:nil repeats:NO];`, "color", pick(g.r, colors))
	c.def("", "- (void)unflash:(NSTimer *)timer", `
    [UIView animateWithDuration:0.3 animations:^{
        self.contentView.backgroundColor = [UIColor clearColor];
    }];`)
	c.fill()
	c.finish()
}

func (g *gen) headerView(m *module) {
	name := prefix + m.name + "HeaderView"
	c := g.newClass(m, m.dir+"/Views", name, "UIView")
	m.header = name
	c.hImports = []string{"#import <UIKit/UIKit.h>"}
	c.mImports = []string{"#import <QuartzCore/QuartzCore.h>", `#import "HBMacros.h"`}
	c.doc = []string{"/// The header of the " + m.name + " list: a title, filter buttons and an animated progress bar."}
	c.addProp(true, "nonatomic, copy, nullable", "void (^%s)(void)", "onTap", "Called when the header is tapped.")
	c.addProp(true, "nonatomic, copy, nullable", "void (^%s)(NSInteger index)", "onFilterChange", "Called with the selected filter.")
	c.addProp(true, "nonatomic, copy", "NSString *", "title", "")
	c.addProp(true, "nonatomic, assign", "CGFloat", "progress", "0 to 1.")
	c.addProp(false, "nonatomic, strong", "UILabel *", "titleLabel", "")
	c.addProp(false, "nonatomic, strong", "UISegmentedControl *", "filters", "")
	c.addProp(false, "nonatomic, strong", "CALayer *", "progressLayer", "")
	c.addProp(false, "nonatomic, strong, nullable", "CADisplayLink *", "displayLink", "")
	c.addProp(false, "nonatomic, assign", "CGFloat", "displayedProgress", "")
	c.pragma("Lifecycle")
	c.def("", "- (instancetype)initWithFrame:(CGRect)frame", `
    self = [super initWithFrame:frame];
    if (self) {
        _titleLabel = [[UILabel alloc] init];
        _titleLabel.font = [UIFont preferredFontForTextStyle:UIFontTextStyleTitle2];
        _filters = [[UISegmentedControl alloc] initWithItems:@[NSLocalizedString(@"All", nil), NSLocalizedString(@"New", nil), NSLocalizedString(@"Saved", nil)]];
        _filters.selectedSegmentIndex = 0;
        [_filters addTarget:self action:@selector(filterChanged:) forControlEvents:UIControlEventValueChanged];
        _progressLayer = [CALayer layer];
        _progressLayer.backgroundColor = [UIColor {{color}}].CGColor;
        [self.layer addSublayer:_progressLayer];
        [self addSubview:_titleLabel];
        [self addSubview:_filters];
        UITapGestureRecognizer *tap = [[UITapGestureRecognizer alloc] initWithTarget:self action:@selector(tapped:)];
        [self addGestureRecognizer:tap];
    }
    return self;`, "color", pick(g.r, colors))
	c.def("", "- (void)willMoveToWindow:(nullable UIWindow *)newWindow", `
    [super willMoveToWindow:newWindow];
    if (newWindow == nil) {
        // The display link retains its target: stop it when the view leaves the screen.
        [self.displayLink invalidate];
        self.displayLink = nil;
    }`)
	c.pragma("Progress")
	c.def("", "- (void)setProgress:(CGFloat)progress", `
    _progress = MAX(0, MIN(1, progress));
    if (!self.displayLink && self.window) {
        self.displayLink = [CADisplayLink displayLinkWithTarget:self selector:@selector(step:)];
        [self.displayLink addToRunLoop:[NSRunLoop mainRunLoop] forMode:NSRunLoopCommonModes];
    }`)
	c.def("", "- (void)step:(CADisplayLink *)link", `
    CGFloat delta = self.progress - self.displayedProgress;
    if (fabs(delta) < 0.001) {
        self.displayedProgress = self.progress;
        [self.displayLink invalidate];
        self.displayLink = nil;
    } else {
        self.displayedProgress += delta * 0.2;
    }
    [CATransaction begin];
    [CATransaction setDisableActions:YES];
    self.progressLayer.frame = CGRectMake(0, CGRectGetHeight(self.bounds) - 2, CGRectGetWidth(self.bounds) * self.displayedProgress, 2);
    [CATransaction commit];`)
	c.pragma("Layout")
	c.def("", "- (void)layoutSubviews", `
    [super layoutSubviews];
    CGRect bounds = CGRectInset(self.bounds, HB_DEFAULT_MARGIN, 8);
    self.titleLabel.frame = CGRectMake(CGRectGetMinX(bounds), CGRectGetMinY(bounds), CGRectGetWidth(bounds), 28);
    self.filters.frame = CGRectMake(CGRectGetMinX(bounds), CGRectGetMaxY(self.titleLabel.frame) + 8, CGRectGetWidth(bounds), 32);`)
	c.def("", "- (void)setTitle:(NSString *)title", `
    _title = [title copy];
    self.titleLabel.text = title;`)
	c.pragma("Actions")
	c.def("", "- (void)tapped:(UITapGestureRecognizer *)recognizer", `
    if (self.onTap) {
        self.onTap();
    }`)
	c.def("", "- (void)filterChanged:(UISegmentedControl *)control", `
    if (self.onFilterChange) {
        self.onFilterChange(control.selectedSegmentIndex);
    }`)
	c.fill()
	c.finish()
}

func (g *gen) category(m *module) {
	catName := prefix + m.name + "Formatting"
	base := pick(g.r, []string{"NSString", "NSDate", "UIView", "NSArray"})
	c := g.newClass(m, m.dir+"/Support", base+"+"+catName, base)
	c.category = catName
	c.ident = prefix + m.name + base + "Formatting"
	p := strings.ToLower(prefix) + "_"
	c.set("p", p)
	c.hImports = []string{"#import <UIKit/UIKit.h>"}
	c.mImports = []string{"#import <objc/runtime.h>", `#import "HBMacros.h"`}
	c.doc = []string{"/// " + m.name + " helpers on " + base + ". Prefixed to stay clear of other categories."}
	c.st(`static const void *{{P}}{{M}}CacheKey = &{{P}}{{M}}CacheKey;`)
	c.addProp(true, "nonatomic, readonly", "NSString *", p+"debugSummary", "A one-line summary for logs.")
	c.addProp(true, "nonatomic, strong, nullable, setter="+p+"setCachedValue:", "id", p+"cachedValue", "A value cached on the object (an associated object).")
	c.def("", "- (NSString *){{p}}debugSummary", `
    return [NSString stringWithFormat:@"<%@ %p>", NSStringFromClass([self class]), self];`)
	c.def("", "- (nullable id){{p}}cachedValue", `
    return objc_getAssociatedObject(self, {{P}}{{M}}CacheKey);`)
	c.def("", "- (void){{p}}setCachedValue:(nullable id)value", `
    objc_setAssociatedObject(self, {{P}}{{M}}CacheKey, value, OBJC_ASSOCIATION_RETAIN_NONATOMIC);`)
	c.fill()
	c.finish()
}

// layoutEngine writes an Objective-C++ (.mm) class. Its C++ stays within
// what the grammar reads: C structs and functions, extern "C" guards and
// C++ headers.
func (g *gen) layoutEngine(m *module) {
	name := prefix + m.name + "LayoutEngine"
	c := g.newClass(m, m.dir+"/Views", name, "NSObject")
	c.ext = ".mm"
	c.hImports = []string{"#import <UIKit/UIKit.h>", `#import "HBMacros.h"`}
	c.mImports = []string{"#include <algorithm>", "#include <cmath>", "#include <vector>"}
	c.doc = []string{"/// Computes the grid layout of the " + m.name + " screens. Implemented in Objective-C++."}
	c.ht(`
#ifdef __cplusplus
extern "C" {
#endif

/// The number of columns that fit width with a minimum column width.
NSInteger {{P}}{{M}}ColumnCount(CGFloat width, CGFloat minimumColumnWidth);

#ifdef __cplusplus
}
#endif

`)
	c.st(`
typedef struct {
    CGFloat start;
    CGFloat length;
} {{Class}}Span;

NSInteger {{P}}{{M}}ColumnCount(CGFloat width, CGFloat minimumColumnWidth) {
    if (minimumColumnWidth <= 0) {
        return 1;
    }
    NSInteger count = (NSInteger)floor(width / minimumColumnWidth);
    return count < 1 ? 1 : count;
}

static {{Class}}Span {{Class}}SpanMake(CGFloat start, CGFloat length) {
    {{Class}}Span span;
    span.start = start;
    span.length = length;
    return span;
}
`)
	c.addProp(true, "nonatomic, assign", "CGFloat", "spacing", "Space between items.")
	c.addProp(true, "nonatomic, assign", "CGFloat", "minimumColumnWidth", "")
	c.addProp(true, "nonatomic, assign", "UIEdgeInsets", "insets", "")
	c.addIvar("CGFloat *", "columnHeights")
	c.addIvar("NSInteger", "columnCapacity")
	c.def("", "- (instancetype)init", `
    self = [super init];
    if (self) {
        _spacing = {{s}};
        _minimumColumnWidth = {{w}};
        _insets = UIEdgeInsetsMake(8, 8, 8, 8);
    }
    return self;`, "s", itoa(g.r.between(2, 16)), "w", itoa(g.r.between(80, 200)))
	c.dealloc("free(_columnHeights);")
	c.def("Frames for sizes laid out in columns, shortest column first.", "- (NSArray<NSValue *> *)framesForSizes:(NSArray<NSValue *> *)sizes width:(CGFloat)width", `
    NSInteger columns = {{P}}{{M}}ColumnCount(width - self.insets.left - self.insets.right, self.minimumColumnWidth);
    if (columns > _columnCapacity) {
        _columnHeights = (CGFloat *)realloc(_columnHeights, sizeof(CGFloat) * columns);
        _columnCapacity = columns;
    }
    for (NSInteger i = 0; i < columns; i++) {
        _columnHeights[i] = self.insets.top;
    }
    CGFloat columnWidth = (width - self.insets.left - self.insets.right - self.spacing * (columns - 1)) / columns;
    NSMutableArray<NSValue *> *frames = [NSMutableArray arrayWithCapacity:sizes.count];
    for (NSValue *value in sizes) {
        CGSize size = value.CGSizeValue;
        NSInteger shortest = 0;
        for (NSInteger i = 1; i < columns; i++) {
            if (_columnHeights[i] < _columnHeights[shortest]) {
                shortest = i;
            }
        }
        CGFloat height = size.width > 0 ? size.height * columnWidth / size.width : columnWidth;
        {{Class}}Span span = {{Class}}SpanMake(_columnHeights[shortest], height);
        CGRect frame = CGRectMake(self.insets.left + shortest * (columnWidth + self.spacing), span.start, columnWidth, span.length);
        [frames addObject:[NSValue valueWithCGRect:frame]];
        _columnHeights[shortest] = span.start + span.length + self.spacing;
    }
    return frames;`)
	c.fill()
	c.finish()
}
