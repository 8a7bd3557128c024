"""Editors import wire stories by uploading files in the admin."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seed_documents"
URL = reverse("admin:articles_article_import")


def seed_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SEEDS / name).read_bytes(), content_type="text/plain")


@pytest.mark.django_db
def test_changelist_offers_the_import(admin_client):
    page = admin_client.get(reverse("admin:articles_article_changelist"))
    assert URL in page.content.decode()


@pytest.mark.django_db
def test_upload_imports_drafts_and_shows_each_files_result(admin_client):
    files = [
        seed_upload("003_c7fc8fada12e7e9c.txt"),
        seed_upload("001_1a64d7cc3685bcd7.txt"),
        SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
    ]
    page = admin_client.post(URL, {"files": files})
    html = page.content.decode()
    assert page.status_code == 200
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 2
    assert html.count('class="import-imported"') == 2
    assert html.count('class="import-failed"') == 1
    assert "photo.txt" in html
    assert "headline derived from the lead" in html  # 001 has no headline of its own
    ids = sorted(Article.objects.values_list("pk", flat=True))
    assert f"?id__in={ids[0]},{ids[1]}" in html or f"?id__in={ids[1]},{ids[0]}" in html


@pytest.mark.django_db
def test_an_empty_file_fails_alone_and_the_others_import(admin_client):
    files = [SimpleUploadedFile("empty.txt", b""), seed_upload("002_45943680a1f8951e.txt")]
    html = admin_client.post(URL, {"files": files}).content.decode()
    assert "empty.txt" in html
    assert html.count('class="import-failed"') == 1
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_uploading_again_reports_duplicates_and_changes_nothing(admin_client):
    admin_client.post(URL, {"files": [seed_upload("004_470fcd4a740a0a54.txt")]})
    article = Article.objects.get()
    page = admin_client.post(URL, {"files": [seed_upload("004_470fcd4a740a0a54.txt")]})
    assert 'class="import-duplicate"' in page.content.decode()
    assert Article.objects.get().version == article.version


@pytest.mark.django_db
def test_oversize_upload_fails_with_the_limit(admin_client, settings):
    settings.NEWSROOM_IMPORT_MAX_BYTES = 100
    page = admin_client.post(URL, {"files": [seed_upload("000_d4bade762234ddd5.txt")]})
    assert "over the 100 bytes limit" in page.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_publish_on_import_needs_change_permission(client, django_user_model):
    user = django_user_model.objects.create_user("reporter", password="pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="add_article"),
        Permission.objects.get(codename="view_article"),
    )
    client.force_login(user)
    client.post(URL, {"files": [seed_upload("002_45943680a1f8951e.txt")], "publish": "on"})
    assert Article.objects.get().status == Article.Status.DRAFT


@pytest.mark.django_db
def test_staff_without_add_permission_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"files": [seed_upload("002_45943680a1f8951e.txt")]}).status_code == 403
    assert not Article.objects.exists()
