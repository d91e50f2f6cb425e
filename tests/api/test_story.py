"""The product's story over HTTP: a script imports the seed article, a reviewer finds the claim that
corpses were burned in mine furnaces, cites a source that refutes it, submits "false", and an
editor who is not the submitter approves it; the history shows every step."""

from __future__ import annotations

from claims.models import Claim
from tests.api.conftest import token_client
from tests.conftest import SEED_ARTICLE_PATH

FURNACE_SENTENCE = "but instead threw them into the mine furnace."


def get_token(username: str, password: str) -> str:
    response = token_client(None).post("/api/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def client_with(token: str):
    client = token_client(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_reviewer_and_editors_check_the_furnace_claim_over_the_api(reviewer, editor, second_editor, seed_text):
    reviewer_api = client_with(get_token("rita_reviewer", "rita_reviewer-password"))
    editor_api = client_with(get_token("eddie_editor", "eddie_editor-password"))
    second_editor_api = client_with(get_token("elena_editor", "elena_editor-password"))

    # Import the seed article as a file upload...
    with SEED_ARTICLE_PATH.open("rb") as upload:
        created = reviewer_api.post(
            "/api/articles/",
            {"file": upload, "title": "Japanese POWs in the Soviet Union", "publisher": "DayDayNews"},
            format="multipart",
        )
    assert created.status_code == 201, created.content
    article = created.json()
    assert article["created"] is True
    assert article["title"] == "Japanese POWs in the Soviet Union"
    assert article["imported_by"] == {"id": reviewer.pk, "username": "rita_reviewer"}
    live_claims = Claim.objects.filter(article_id=article["id"], discarded_at__isnull=True).count()
    assert article["claims_count"] == live_claims > 10
    assert article["progress"] == {"unreviewed": live_claims, "in_review": 0, "submitted": 0, "approved": 0}

    # ...and again as JSON text: the same body is recognised and the existing article returned.
    again = reviewer_api.post("/api/articles/", {"title": "Copy", "text": seed_text}, format="json")
    assert again.status_code == 200, again.content
    assert again.json()["id"] == article["id"]
    assert again.json()["created"] is False

    listed = reviewer_api.get(f"/api/claims/?article={article['id']}&page_size=200")
    assert listed.status_code == 200
    assert listed.json()["count"] == live_claims
    assert [row["article"] for row in listed.json()["results"]] == [article["id"]] * min(live_claims, 200)

    found = reviewer_api.get(f"/api/claims/?article={article['id']}&q=furnace").json()["results"]
    furnace = [row for row in found if FURNACE_SENTENCE in row["quote"]]
    assert len(furnace) == 1
    claim_id = furnace[0]["id"]
    assert furnace[0]["status"] == "unreviewed"

    source = reviewer_api.post(
        "/api/sources/",
        {
            "type": "book",
            "title": "The Gods Left First: The Captivity and Repatriation of Japanese POWs in Northeast Asia",
            "authors": [{"family": "Barshay", "given": "Andrew E."}],
            "year": 2013,
            "publisher": "University of California Press",
        },
        format="json",
    )
    assert source.status_code == 201, source.content
    assert source.json()["is_vetted"] is False

    started = reviewer_api.post(f"/api/claims/{claim_id}/transition/", {"action": "start"}, format="json")
    assert started.status_code == 200, started.content
    assert started.json()["status"] == "in_review"

    evidence = reviewer_api.post(
        f"/api/claims/{claim_id}/evidence/",
        {
            "source": source.json()["id"],
            "stance": "refutes",
            "locator": "ch. 4",
            "quote": "The dead were buried in camp cemeteries.",
        },
        format="json",
    )
    assert evidence.status_code == 201, evidence.content
    assert evidence.json()["stance"] == "refutes"
    assert evidence.json()["source"] == source.json()["id"]

    rationale = "No archival source records cremation in mine furnaces; the dead were buried near the camps."
    submitted = reviewer_api.post(
        f"/api/claims/{claim_id}/transition/",
        {"action": "submit", "rating": "false", "rationale": rationale, "confidence": "high"},
        format="json",
    )
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["rating"] == "false"
    assert submitted["ETag"].startswith(f'"{submitted.json()["version"]}-')

    # The reviewer cannot approve their own verdict (editor role needed), and neither can an editor
    # who submitted one: four eyes. Here an editor who did not submit approves.
    refused = reviewer_api.post(f"/api/claims/{claim_id}/transition/", {"action": "approve"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"

    approved = second_editor_api.post(f"/api/claims/{claim_id}/transition/", {"action": "approve"}, format="json")
    assert approved.status_code == 200, approved.content
    detail = editor_api.get(f"/api/claims/{claim_id}/").json()
    assert detail["status"] == "approved"
    assert detail["verdict"]["rating"] == "false"
    assert detail["verdict"]["rationale"] == rationale
    assert detail["verdict"]["submitted_by"] == {"id": reviewer.pk, "username": "rita_reviewer"}
    assert detail["verdict"]["approved_by"] == {"id": second_editor.pk, "username": "elena_editor"}
    assert [item["stance"] for item in detail["evidence"]] == ["refutes"]
    assert detail["history_url"] == f"/api/claims/{claim_id}/history/"

    history = editor_api.get(detail["history_url"]).json()["results"]
    steps = [
        (event["action"], event["from_status"], event["to_status"], event["actor"]["username"]) for event in history
    ]
    assert steps == [
        ("created", "", "", "rita_reviewer"),
        ("start", "unreviewed", "in_review", "rita_reviewer"),
        ("evidence_added", "", "", "rita_reviewer"),
        ("submit", "in_review", "submitted", "rita_reviewer"),
        ("approve", "submitted", "approved", "elena_editor"),
    ]

    progress = editor_api.get(f"/api/articles/{article['id']}/").json()
    assert progress["progress"]["approved"] == 1
    assert progress["verdicts"] == {"false": 1}


def test_the_submitting_editor_may_not_approve_their_own_verdict(editor, second_editor, seed_text):
    """Four eyes over the API: an editor who submitted gets 403; another editor approves."""
    from claims.services.articles import article_import
    from tests.factories import SourceFactory

    article = article_import(actor=editor, title="Seed", text=seed_text).article
    claim = article.claims.filter(quote__contains=FURNACE_SENTENCE).get()
    source = SourceFactory()
    submitter = token_client(editor)
    assert submitter.post(f"/api/claims/{claim.pk}/transition/", {"action": "start"}, format="json").status_code == 200
    assert (
        submitter.post(
            f"/api/claims/{claim.pk}/evidence/", {"source": source.pk, "stance": "refutes"}, format="json"
        ).status_code
        == 201
    )
    submit = submitter.post(
        f"/api/claims/{claim.pk}/transition/",
        {"action": "submit", "rating": "false", "rationale": "No record of cremation in mine furnaces."},
        format="json",
    )
    assert submit.status_code == 200, submit.content

    refused = submitter.post(f"/api/claims/{claim.pk}/transition/", {"action": "approve"}, format="json")
    assert refused.status_code == 403, refused.content
    assert refused.json()["code"] == "four_eyes"
    claim.refresh_from_db()
    assert claim.status == "submitted"

    approved = token_client(second_editor).post(
        f"/api/claims/{claim.pk}/transition/", {"action": "approve"}, format="json"
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
