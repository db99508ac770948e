//
//  ProfileViewController.m
//  PhotoHub
//

#import "ProfileViewController.h"
#import "APIClient.h"
#import "PhotoCell.h"
#import "Photo.h"
#import "NSString+PHFormatting.h"

static NSString * const PHCurrentUsernameKey = @"PHCurrentUsername";

@interface ProfileViewController () <UIImagePickerControllerDelegate, UINavigationControllerDelegate>
@property (nonatomic, copy, readwrite) NSString *username;
@property (nonatomic, assign, getter=isOwnProfile) BOOL ownProfile;
@property (nonatomic, strong) UIImageView *avatarImageView;
@property (nonatomic, strong) UILabel *followersLabel;
@property (nonatomic, strong) UIProgressView *uploadProgressView;
@property (nonatomic, strong) PhotoCell *featuredCell;
@property (nonatomic, strong, nullable) Photo *featuredPhoto;
@end

@implementation ProfileViewController

- (instancetype)initWithUsername:(NSString *)username {
    self = [super initWithNibName:nil bundle:nil];
    if (self) {
        _username = [[username ph_trimmed] copy];
        NSString *current = [[NSUserDefaults standardUserDefaults] stringForKey:PHCurrentUsernameKey];
        _ownProfile = [current isEqualToString:_username];
        self.title = _username;
    }
    return self;
}

#pragma mark - Lifecycle

- (void)viewDidLoad {
    [super viewDidLoad];
    self.view.backgroundColor = [UIColor systemBackgroundColor];

    self.avatarImageView = [[UIImageView alloc] initWithFrame:CGRectMake(16, 100, 88, 88)];
    self.avatarImageView.layer.cornerRadius = 44;
    self.avatarImageView.clipsToBounds = YES;
    self.avatarImageView.backgroundColor = [UIColor secondarySystemBackgroundColor];
    self.avatarImageView.userInteractionEnabled = self.isOwnProfile;
    [self.avatarImageView addGestureRecognizer:[[UITapGestureRecognizer alloc] initWithTarget:self action:@selector(avatarTapped)]];
    [self.view addSubview:self.avatarImageView];

    self.uploadProgressView = [[UIProgressView alloc] initWithFrame:CGRectMake(16, 196, 88, 4)];
    self.uploadProgressView.hidden = YES;
    [self.view addSubview:self.uploadProgressView];

    self.followersLabel = [[UILabel alloc] initWithFrame:CGRectMake(120, 130, CGRectGetWidth(self.view.bounds) - 136, 24)];
    self.followersLabel.font = [UIFont preferredFontForTextStyle:UIFontTextStyleHeadline];
    [self.view addSubview:self.followersLabel];

    self.featuredCell = [[PhotoCell alloc] initWithStyle:UITableViewCellStyleDefault reuseIdentifier:nil];
    self.featuredCell.frame = CGRectMake(0, 216, CGRectGetWidth(self.view.bounds), CGRectGetWidth(self.view.bounds) + 120);
    self.featuredCell.hidden = YES;
    [self.view addSubview:self.featuredCell];

    // Liking the pinned photo changes the totals in the header, so refresh them.
    self.featuredCell.onLike = ^{
        [self reloadProfile];
    };

    if (self.isOwnProfile) {
        self.navigationItem.rightBarButtonItem = [[UIBarButtonItem alloc] initWithTitle:NSLocalizedString(@"Export", nil)
                                                                                  style:UIBarButtonItemStylePlain
                                                                                 target:self
                                                                                 action:@selector(downloadDataExport)];
    }
}

- (void)viewWillAppear:(BOOL)animated {
    [super viewWillAppear:animated];
    [self reloadProfile];
    [self refreshFollowerCount];
}

#pragma mark - Loading

- (void)reloadProfile {
    NSString *path = [NSString stringWithFormat:@"users/%@", self.username];
    __weak typeof(self) weakSelf = self;
    [[APIClient sharedClient] GET:path parameters:nil completion:^(id _Nullable responseObject, NSError * _Nullable error) {
        __strong typeof(weakSelf) strongSelf = weakSelf;
        if (!strongSelf || ![responseObject isKindOfClass:[NSDictionary class]]) {
            return;
        }
        NSDictionary *pinned = responseObject[@"pinned_photo"];
        strongSelf.featuredPhoto = [pinned isKindOfClass:[NSDictionary class]] ? [[Photo alloc] initWithDictionary:pinned] : nil;
        strongSelf.featuredCell.hidden = (strongSelf.featuredPhoto == nil);
        if (strongSelf.featuredPhoto) {
            [strongSelf.featuredCell configureWithPhoto:strongSelf.featuredPhoto];
        }
    }];
}

// The follower counter is served by the lightweight stats service, not the main API.
- (void)refreshFollowerCount {
    NSURLSession *session = [NSURLSession sessionWithConfiguration:[NSURLSessionConfiguration defaultSessionConfiguration]];
    NSString *urlString = [NSString stringWithFormat:@"https://stats.photohub.example.com/users/%@/followers", self.username];
    __weak typeof(self) weakSelf = self;
    NSURLSessionDataTask *task = [session dataTaskWithURL:[NSURL URLWithString:urlString] completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {
        NSDictionary *json = data ? [NSJSONSerialization JSONObjectWithData:data options:0 error:NULL] : nil;
        NSInteger count = [json[@"count"] integerValue];
        dispatch_async(dispatch_get_main_queue(), ^{
            NSString *formatted = [NSString ph_abbreviatedStringForCount:count];
            weakSelf.followersLabel.text = [NSString stringWithFormat:NSLocalizedString(@"%@ followers", nil), formatted];
        });
    }];
    [task resume];
}

#pragma mark - Avatar

- (void)avatarTapped {
    UIImagePickerController *picker = [[UIImagePickerController alloc] init];
    picker.sourceType = UIImagePickerControllerSourceTypePhotoLibrary;
    picker.allowsEditing = YES;
    picker.delegate = self;
    [self presentViewController:picker animated:YES completion:nil];
}

- (void)imagePickerController:(UIImagePickerController *)picker didFinishPickingMediaWithInfo:(NSDictionary<UIImagePickerControllerInfoKey, id> *)info {
    UIImage *image = info[UIImagePickerControllerEditedImage] ?: info[UIImagePickerControllerOriginalImage];
    [picker dismissViewControllerAnimated:YES completion:nil];
    if (image) {
        [self uploadAvatar:image];
    }
}

// Multipart upload; progress is shown under the avatar.
- (void)uploadAvatar:(UIImage *)image {
    NSData *jpeg = UIImageJPEGRepresentation(image, 0.8);
    if (!jpeg) {
        return;
    }
    self.uploadProgressView.progress = 0;
    self.uploadProgressView.hidden = NO;

    AFHTTPSessionManager *manager = [AFHTTPSessionManager manager];
    manager.responseSerializer = [AFJSONResponseSerializer serializer];
    NSString *url = [PHAPIBaseURLString stringByAppendingString:@"me/avatar"];
    [manager POST:url parameters:nil headers:[[APIClient sharedClient] authorizationHeaders] constructingBodyWithBlock:^(id<AFMultipartFormData> formData) {
        [formData appendPartWithFileData:jpeg name:@"avatar" fileName:@"avatar.jpg" mimeType:@"image/jpeg"];
    } progress:^(NSProgress *uploadProgress) {
        dispatch_async(dispatch_get_main_queue(), ^{
            self.uploadProgressView.progress = (float)uploadProgress.fractionCompleted;
        });
    } success:^(NSURLSessionDataTask *task, id responseObject) {
        self.uploadProgressView.hidden = YES;
        self.avatarImageView.image = image;
    } failure:^(NSURLSessionDataTask *task, NSError *error) {
        self.uploadProgressView.hidden = YES;
        [self showError:error];
    }];
}

#pragma mark - Data export

// Data export: a one-off download of everything we store about the user.
- (void)downloadDataExport {
    NSURLSessionConfiguration *configuration = [NSURLSessionConfiguration defaultSessionConfiguration];
    configuration.timeoutIntervalForResource = 300;
    AFURLSessionManager *manager = [[AFURLSessionManager alloc] initWithSessionConfiguration:configuration];

    NSURL *url = [NSURL URLWithString:[PHAPIBaseURLString stringByAppendingString:@"me/export"]];
    NSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:url];
    [[[APIClient sharedClient] authorizationHeaders] enumerateKeysAndObjectsUsingBlock:^(NSString *field, NSString *value, BOOL *stop) {
        [request setValue:value forHTTPHeaderField:field];
    }];

    __weak typeof(self) weakSelf = self;
    NSURLSessionDownloadTask *task = [manager downloadTaskWithRequest:request progress:nil destination:^NSURL *(NSURL *targetPath, NSURLResponse *response) {
        NSURL *documents = [[NSFileManager defaultManager] URLsForDirectory:NSDocumentDirectory inDomains:NSUserDomainMask].firstObject;
        return [documents URLByAppendingPathComponent:@"photohub-export.zip"];
    } completionHandler:^(NSURLResponse *response, NSURL * _Nullable filePath, NSError * _Nullable error) {
        if (error || !filePath) {
            [weakSelf showError:error];
            return;
        }
        [weakSelf shareFileAtURL:filePath];
    }];
    [task resume];
    // Outstanding tasks still complete; afterwards the session releases the manager.
    [manager.session finishTasksAndInvalidate];
}

#pragma mark - Helpers

- (void)shareFileAtURL:(NSURL *)fileURL {
    UIActivityViewController *activity = [[UIActivityViewController alloc] initWithActivityItems:@[fileURL] applicationActivities:nil];
    [self presentViewController:activity animated:YES completion:nil];
}

- (void)showError:(nullable NSError *)error {
    NSString *message = error.localizedDescription ?: NSLocalizedString(@"Something went wrong.", nil);
    UIAlertController *alert = [UIAlertController alertControllerWithTitle:NSLocalizedString(@"Error", nil)
                                                                   message:message
                                                            preferredStyle:UIAlertControllerStyleAlert];
    [alert addAction:[UIAlertAction actionWithTitle:NSLocalizedString(@"OK", nil) style:UIAlertActionStyleDefault handler:nil]];
    [self presentViewController:alert animated:YES completion:nil];
}

@end
