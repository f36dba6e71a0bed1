"""What every API view shares: JSON in and out, the two kinds of caller (citizen, staff)."""

from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from hotline.api.parsing import SafeJSONParser
from tickets import roles


class JsonView(APIView):
    renderer_classes = [JSONRenderer]
    parser_classes = [SafeJSONParser]

    def valid(self, serializer_class):
        """The request body checked by `serializer_class`; a bad body raises DRF's ValidationError (400)."""
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class CitizenView(JsonView):
    """No login: the citizen proves nothing but the letter number and password, per request."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


class IsStaffMember(BasePermission):
    message = "该账号不是热线或承办单位工作人员。"

    def has_permission(self, request, view):
        return roles.is_staff_member(request.user)


class StaffRateThrottle(UserRateThrottle):
    scope = "staff"


class StaffView(JsonView):
    permission_classes = [IsAuthenticated, IsStaffMember]
    throttle_classes = [StaffRateThrottle]


__all__ = ["CitizenView", "IsHotlineStaff", "JsonView", "StaffRateThrottle", "StaffView"]
