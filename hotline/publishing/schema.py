"""Response shapes of the publishing endpoints for the OpenAPI schema (bodies come from selectors)."""

from rest_framework import serializers

from hotline.api.schema import DepartmentRefSerializer, TicketSerializer
from hotline.publishing.models import Publication
from tickets.models import TicketType


class PublishedReplySerializer(serializers.Serializer):
    text = serializers.CharField()
    department = serializers.CharField()
    at = serializers.DateTimeField(allow_null=True)


class PublicLetterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    column = serializers.ChoiceField(choices=Publication.Column.choices)
    column_label = serializers.CharField()
    type = serializers.ChoiceField(choices=TicketType.choices)
    type_label = serializers.CharField()
    title = serializers.CharField()
    content = serializers.CharField()
    department = DepartmentRefSerializer(allow_null=True)
    reply = PublishedReplySerializer()
    outcome = serializers.CharField(allow_blank=True)
    solved = serializers.BooleanField(allow_null=True)
    submitted_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField()


class PublicLetterPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = PublicLetterSerializer(many=True)


class StaffPublicationSerializer(PublicLetterSerializer):
    is_published = serializers.BooleanField()
    ticket = serializers.IntegerField()
    published_by = serializers.CharField(allow_blank=True)
    unpublished_at = serializers.DateTimeField(allow_null=True)
    unpublish_reason = serializers.CharField(allow_blank=True)


class TicketPublicationSerializer(TicketSerializer):
    publication = StaffPublicationSerializer(allow_null=True)


class DraftSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    content = serializers.CharField(allow_blank=True)
    reply = serializers.CharField(allow_blank=True)
    reply_department = serializers.CharField()
    replied_at = serializers.DateTimeField()
    removed = serializers.DictField(child=serializers.IntegerField(), help_text="已自动去除的个人信息：类别 → 处数")
    column = serializers.ChoiceField(choices=Publication.Column.choices)


class RefusalSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class PublicationDraftSerializer(serializers.Serializer):
    ticket = serializers.IntegerField()
    publishable = serializers.BooleanField()
    refusal = RefusalSerializer(allow_null=True)
    draft = DraftSerializer(allow_null=True)
    publication = StaffPublicationSerializer(allow_null=True)
