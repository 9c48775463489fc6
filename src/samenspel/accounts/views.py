"""Mijn gegevens (profile, consents, roles), download and deletion of one's own data, and the
people of an IGS or a municipality. The work is in ``services.py``; these views stay thin."""

from __future__ import annotations

import json
import logging

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from samenspel.accounts import mydata, permissions, services
from samenspel.accounts.forms import AddRoleForm, DeleteForm, EndRoleForm, ProfileForm
from samenspel.accounts.models import Person, Role

log = logging.getLogger(__name__)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    person = services.person_for(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=person)
        if form.is_valid():
            with transaction.atomic():
                form.save()
            return redirect(reverse("account_mine") + "?bewaard=1")
    else:
        form = ProfileForm(instance=person)
    role_rows = Role.objects.filter(person=person).order_by("-valid_to", "role")[:100]
    return render(
        request,
        "accounts/mijn.html",
        {
            "form": form,
            "person": person,
            "roles": services.describe_roles(role_rows),
            "saved": request.GET.get("bewaard") == "1" and request.method == "GET",
            "history": services.history_entries(person),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET"])
def download(request):
    data = services.export_own_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="samenspel-mijn-gegevens-{day}.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    form = DeleteForm(request.POST or None)
    context = {
        "form": form,
        "deleted": mydata.DELETED,
        "kept": mydata.KEPT,
        "word": mydata.CONFIRMATION_WORD,
    }
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/verwijderen.html", context, status=400)
        user = request.user
        try:
            services.delete_own_data(user)
        except Exception:
            log.exception("deleting the data of user %s failed", user.pk)
            context["failed"] = True
            return render(request, "accounts/verwijderen.html", context, status=503)
        logout(request)
        return redirect("account_deleted")
    return render(request, "accounts/verwijderen.html", context)


@never_cache
def deleted(request):
    return render(request, "accounts/verwijderd.html")


# --- people of a place ---------------------------------------------------------------------


def _not_found(request, what: str):
    return render(request, "accounts/plaats_onbekend.html", {"what": what}, status=404)


@login_required
@require_http_methods(["GET", "POST"])
def people_igs(request, slug: str):
    place = services.igs_place(slug) if len(slug) <= 80 else None
    if place is None:
        return _not_found(request, f"Er is geen IGS met de code '{slug[:80]}' in de gegevens.")
    return _people(request, place)


@login_required
@require_http_methods(["GET", "POST"])
def people_municipality(request, refnis: str):
    place = services.municipality_place(refnis) if refnis.isdigit() and len(refnis) == 5 else None
    if place is None:
        return _not_found(
            request,
            f"Er is geen gemeente met REFNIS-code '{refnis[:10]}' (vijf cijfers, 2025) in de "
            "gegevens.",
        )
    return _people(request, place)


def _forbidden(request, place, text: str):
    reason = text.format(name=place.name)
    return render(request, "accounts/geen_toegang.html", {"reason": reason}, status=403)


def _people(request, place):
    user = request.user
    if not user.has_perm("accounts.view_person", place):
        where = (
            "{name} of in een van zijn gemeenten"
            if place.kind == "igs"
            else "{name} of in een IGS waarvan {name} lid is"
        )
        return _forbidden(request, place, f"Enkel wie een rol heeft in {where} ziet wie er werkt.")
    may_manage = user.has_perm("accounts.manage_people", place)
    may_grant_support = permissions.is_support(user)
    add_form = AddRoleForm(place=place, may_grant_support=may_grant_support)
    end_form = None
    message = None
    status = 200
    if request.method == "POST":
        if not may_manage:
            return _forbidden(request, place, "Je mag de mensen van {name} niet beheren.")
        action = request.POST.get("actie")
        if action == "toevoegen":
            add_form = AddRoleForm(request.POST, place=place, may_grant_support=may_grant_support)
            if add_form.is_valid():
                with transaction.atomic():
                    data = add_form.cleaned_data
                    if add_form.account_user is not None:
                        person = services.person_for(add_form.account_user)
                    else:
                        person = Person.objects.create(
                            name=data["name"], email=data["email"], function=data["function"]
                        )
                    services.add_role(place, data["role"], person, data.get("valid_from"))
                permissions.forget_places(user)
                return redirect(request.path + "?bewaard=toegevoegd")
            status = 400
        elif action == "beeindigen":
            # support staff may end anyone's role, also their own last lead role
            end_form = EndRoleForm(
                request.POST, place=place, user=None if may_grant_support else user
            )
            if end_form.is_valid():
                with transaction.atomic():
                    role = end_form.role
                    role.valid_to = end_form.cleaned_data["valid_to"]
                    role.save()
                permissions.forget_places(user)
                today = timezone.localdate()
                when = "vandaag" if role.valid_to == today else "later"
                when = "beeindigd" if role.valid_to < today else when
                return redirect(request.path + f"?bewaard={when}")
            status = 400
        else:
            message = "Onbekende actie: kies 'Rol toevoegen' of 'Rol beëindigen'."
            status = 400
    current, former = services.place_roles(place)
    locked = (
        EndRoleForm.locked_role_ids(place, user, current)
        if may_manage and not may_grant_support
        else set()
    )
    return render(
        request,
        "accounts/mensen.html",
        {
            "place": place,
            "current": services.describe_roles(current),
            "former": services.describe_roles(former),
            "may_manage": may_manage,
            "locked": locked,
            "add_form": add_form,
            "end_form": end_form,
            "message": message,
            "saved": request.GET.get("bewaard") if request.method == "GET" else None,
            "history": services.place_role_history(place),
            "cap": 200,
        },
        status=status,
    )
