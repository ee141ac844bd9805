"""Staff and CI sub-commands: `check-changes`, `preview-summary`, `report` and `check-links`.

``register(subparsers)`` adds them to the `startupdir` parser (called from ``cli.py``).
Exit codes: 0 all is well, 1 refused changes / invalid data / dead links, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _root(value: Path | None) -> Path:
    from startupdir.content.validate import find_root

    return find_root(value)


def _write(text: str, out: str | None, append: bool = False) -> None:
    if out:
        path = Path(out)
        if path.parent != Path():
            path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a" if append else "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)


def cmd_check_changes(args) -> int:
    from startupdir.staff.ownership import (
        UsageError,
        changed_files,
        review_changes,
        summary_markdown,
    )

    root = _root(args.root)
    try:
        if args.list:
            _write(
                summary_markdown(changed_files(root, args.base, renames=False)),
                args.out,
                append=True,
            )
            return EXIT_OK
        if not args.author:
            print("startupdir check-changes : --author est obligatoire", file=sys.stderr)
            return EXIT_USAGE
        verdict = review_changes(root, args.base, args.author, Path(args.staff_file))
    except UsageError as exc:
        print(f"startupdir check-changes : {exc}", file=sys.stderr)
        return EXIT_USAGE
    count = len(verdict.changes)
    files = f"{count} fichier{'s' if count > 1 else ''} modifié{'s' if count > 1 else ''}"
    if verdict.staff:
        print(f"@{verdict.author} fait partie de l'équipe : {files}, tout est autorisé.")
        return EXIT_OK
    for line in verdict.refused:
        print(line)
    if verdict.ok:
        print(f"Droits vérifiés pour @{verdict.author} : {files}, tout est autorisé.")
        return EXIT_OK
    refused = len(verdict.refused)
    print(
        f"\n{refused} modification{'s' if refused > 1 else ''} refusée"
        f"{'s' if refused > 1 else ''} pour @{verdict.author} ({files})."
    )
    return EXIT_FAILED


def cmd_preview_summary(args) -> int:
    from startupdir.staff.ownership import UsageError
    from startupdir.staff.preview import preview_summary

    root = _root(args.root)
    site_dir = Path(args.site_dir) if args.site_dir else None
    if site_dir is not None and not site_dir.is_absolute():
        site_dir = root / site_dir
    try:
        text = preview_summary(root, args.base, site_dir, args.artifact_url or "")
    except UsageError as exc:
        print(f"startupdir preview-summary : {exc}", file=sys.stderr)
        return EXIT_USAGE
    _write(text, args.out, append=True)
    return EXIT_OK


def cmd_report(args) -> int:
    from startupdir.content.clock import today
    from startupdir.content.reporters import as_text
    from startupdir.content.validate import load_directory
    from startupdir.staff import health

    when = today()
    directory, report = load_directory(_root(args.root), when=when)
    if directory is None:
        sys.stdout.write(as_text(report))
        print("Corrigez ces erreurs avant de produire le rapport.", file=sys.stderr)
        return EXIT_FAILED
    text = health.FORMATS[args.format](health.health_report(directory, when))
    _write(text, args.out)
    return EXIT_OK


def cmd_check_links(args) -> int:
    from startupdir.content.reporters import as_text
    from startupdir.content.validate import load_directory
    from startupdir.staff.links import LinkCheckerError, as_markdown, check_links, collect_links

    if args.rate <= 0 or args.timeout <= 0:
        print("startupdir check-links : --rate et --timeout doivent être positifs", file=sys.stderr)
        return EXIT_USAGE
    directory, report = load_directory(_root(args.root))
    if directory is None:
        sys.stdout.write(as_text(report))
        return EXIT_FAILED
    urls = collect_links(directory)
    try:
        dead = check_links(urls, rate=args.rate, timeout=args.timeout)
    except LinkCheckerError as exc:
        print(f"startupdir check-links : {exc}", file=sys.stderr)
        return EXIT_USAGE
    _write(as_markdown(dead, len({u for _, u in urls})), args.out)
    return EXIT_FAILED if dead else EXIT_OK


def register(subparsers) -> None:
    """Add `check-changes`, `preview-summary`, `report` and `check-links` to the parser."""
    root_help = "racine du dépôt (défaut : détectée)"

    p = subparsers.add_parser(
        "check-changes",
        help="vérifier que l'auteur d'une pull request peut modifier chaque fichier",
        description=(
            "Compare HEAD à la branche de base (depuis leur ancêtre commun). Un profil "
            "existant ne peut être modifié ou supprimé que par l'un de ses mainteneurs, "
            "lus sur la branche de base ; un nouveau profil peut être ajouté par tous ; "
            "les autres fichiers sont réservés à l'équipe (staff.yml)."
        ),
    )
    p.add_argument("--base", required=True, metavar="REF", help="branche de base, ex. origin/main")
    p.add_argument("--author", metavar="COMPTE", help="compte GitHub de l'auteur de la demande")
    p.add_argument(
        "--staff-file",
        default="staff.yml",
        metavar="FICHIER",
        help="liste des comptes de l'équipe, lue sur la branche de base (défaut : staff.yml)",
    )
    p.add_argument(
        "--list",
        action="store_true",
        help="écrire seulement la liste Markdown des profils ajoutés ou modifiés, sans contrôle",
    )
    p.add_argument("--out", metavar="FICHIER", help="avec --list : ajouter la liste à ce fichier")
    p.add_argument("--root", type=Path, default=None, metavar="DOSSIER", help=root_help)
    p.set_defaults(func=cmd_check_changes)

    p = subparsers.add_parser(
        "preview-summary",
        help="résumé d'une pull request : profils et actualités modifiés, cartes, erreurs",
        description=(
            "Pour chaque profil ou actualité ajouté ou modifié depuis la branche de base : "
            "ses informations principales, sa page et sa carte de partage dans le site "
            "construit, et ses erreurs de validation avec leur ligne. Ajoute le résumé "
            "Markdown au fichier --out (le résumé du job GitHub)."
        ),
    )
    p.add_argument("--base", required=True, metavar="REF", help="branche de base, ex. origin/main")
    p.add_argument("--site-dir", metavar="DOSSIER", help="le site construit (ex. site)")
    p.add_argument(
        "--artifact-url", metavar="ADRESSE", help="adresse de l'artefact qui contient le site"
    )
    p.add_argument("--out", metavar="FICHIER", help="ajouter le résumé à ce fichier")
    p.add_argument("--root", type=Path, default=None, metavar="DOSSIER", help=root_help)
    p.set_defaults(func=cmd_preview_summary)

    p = subparsers.add_parser(
        "report",
        help="état de l'annuaire : profils à relire, sans logo, sans anglais, fermés, chiffres",
        description=(
            "Liste les profils non relus depuis plus de 12 mois, sans logo, sans texte en "
            "anglais, les startups fermées, et compte les startups par secteur et par ville."
        ),
    )
    p.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text pour le terminal, markdown pour un résumé de job GitHub (défaut : text)",
    )
    p.add_argument("--out", metavar="FICHIER", help="écrire dans ce fichier au lieu de la sortie")
    p.add_argument("--root", type=Path, default=None, metavar="DOSSIER", help=root_help)
    p.set_defaults(func=cmd_report)

    p = subparsers.add_parser(
        "check-links",
        help="vérifier les sites et réseaux sociaux des profils (liens morts)",
        description=(
            "Vérifie avec LinkChecker le site, les réseaux sociaux et les profils LinkedIn "
            "des fondateurs de chaque startup listée, en limitant le nombre de requêtes par "
            "site. Écrit la liste des liens morts en Markdown ; code 1 s'il y en a."
        ),
    )
    p.add_argument(
        "--rate",
        type=float,
        default=1.0,
        metavar="N",
        help="requêtes par seconde au plus, pour un même site (défaut : 1, maximum 10)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        metavar="SECONDES",
        help="délai d'attente d'une réponse (défaut : 20)",
    )
    p.add_argument("--out", metavar="FICHIER", help="écrire la liste dans ce fichier")
    p.add_argument("--root", type=Path, default=None, metavar="DOSSIER", help=root_help)
    p.set_defaults(func=cmd_check_links)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (tests, or before the wiring in cli.py)."""
    parser = argparse.ArgumentParser(prog="startupdir")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    sub.required = True
    register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
