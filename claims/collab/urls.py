"""Routes of the collaboration app: its API paths (mounted under /api/) and its browser pages."""

from django.urls import path

from claims.collab import api, views

api_urlpatterns = [
    path("claims/<int:claim_id>/comments/", api.ClaimCommentsApi.as_view(), name="api-claim-comments"),
    path("articles/<int:article_id>/comments/", api.ArticleCommentsApi.as_view(), name="api-article-comments"),
    path("comments/<int:comment_id>/", api.CommentDetailApi.as_view(), name="api-comment"),
    path("comments/<int:comment_id>/resolve/", api.CommentResolveApi.as_view(), name="api-comment-resolve"),
    path("users/mentions/", api.MentionLookupApi.as_view(), name="api-mention-lookup"),
    path("notifications/", api.NotificationListApi.as_view(), name="api-notifications"),
    path("notifications/read/", api.NotificationReadApi.as_view(), name="api-notifications-read"),
    path("activity/", api.ActivityApi.as_view(), name="api-activity"),
]

urlpatterns = [
    path("claims/<int:claim_id>/comments/", views.claim_comments, name="claim-comments"),
    path("articles/<int:article_id>/comments/", views.article_comments, name="article-comments"),
    path("comments/<int:comment_id>/<str:action>/", views.comment_action, name="comment-action"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/read/", views.notification_read, name="notification-read"),
    path("notifications/preferences/", views.notification_preferences, name="notification-preferences"),
    path("activity/", views.activity_page, name="activity"),
    path("articles/<int:article_id>/watch/", views.article_watch, name="article-watch"),
]
