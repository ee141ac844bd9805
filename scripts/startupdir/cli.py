"""The `startupdir` command: one sub-command per job, each with French help for contributors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from startupdir import __version__
from startupdir.content.clock import ClockError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

# argparse's own words, in French: contributors read the help and the usage errors.
ARGPARSE_FR = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (possibles : %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "expected one argument": "une valeur attendue",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
}
# argparse translates its messages through its module-level gettext alias.
argparse._ = lambda text: ARGPARSE_FR.get(text, text)  # type: ignore[attr-defined]


def cmd_validate(args) -> int:
    from startupdir.content.reporters import FORMATS, as_markdown_summary, fixes_as_text
    from startupdir.content.validate import find_root, load_directory

    root = find_root(args.root)
    paths = [Path(p) for p in args.paths] or None
    if paths:
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            print(f"startupdir validate : introuvable : {', '.join(missing)}", file=sys.stderr)
            return EXIT_USAGE
    if args.fix:
        from startupdir.content.fix import fix_paths

        # The report stays machine-readable: with --format json, the corrections go to stderr.
        out = sys.stderr if args.format == "json" else sys.stdout
        out.write(fixes_as_text(fix_paths(root, paths)) + "\n")
    _, report = load_directory(root, paths)
    sys.stdout.write(FORMATS[args.format](report))
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(as_markdown_summary(report))
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_schema(args) -> int:
    from startupdir.content.jsonschema import challenge_schema, startup_schema

    schema = challenge_schema() if args.challenge else startup_schema()
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def scaffold(args, command: str, make, created: str, hint: str) -> int:
    """`startupdir new`, `new-post`, `new-challenge`: write the commented file, say where
    (``created`` with a {path} placeholder) and what to do next."""
    from startupdir.content.scaffold import ScaffoldError
    from startupdir.content.validate import find_root

    root = find_root(args.root)
    try:
        path = make(root)
    except ScaffoldError as exc:
        print(f"startupdir {command} : {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(created.format(path=path.relative_to(root).as_posix()))
    print(hint)
    return EXIT_OK


def cmd_new(args) -> int:
    from startupdir.content.scaffold import new_profile

    return scaffold(
        args,
        "new",
        lambda root: new_profile(root, args.name, slug=args.slug),
        "Profil créé : {path}",
        "Complétez les champs vides, puis lancez « startupdir validate ».",
    )


def cmd_new_post(args) -> int:
    from startupdir.content.scaffold import new_post

    return scaffold(
        args,
        "new-post",
        lambda root: new_post(root, args.title),
        "Actualité créée : {path} (brouillon)",
        "Rédigez-la, retirez « draft: true » pour la publier, puis lancez « startupdir validate ».",
    )


def cmd_new_challenge(args) -> int:
    from startupdir.content.scaffold import new_challenge

    return scaffold(
        args,
        "new-challenge",
        lambda root: new_challenge(root, args.title, slug=args.slug),
        "Défi créé : {path}",
        "Complétez les champs vides, puis lancez « startupdir validate ».",
    )


def cmd_build(args) -> int:
    from startupdir.content.validate import find_root
    from startupdir.site.build import BuildFailed, build_site

    root = find_root(args.root)
    try:
        site = build_site(
            root, Path(args.site_dir) if args.site_dir else None, strict=not args.no_strict
        )
    except BuildFailed as exc:
        print(f"Échec de la construction ; le site précédent est conservé.\n{exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"Site construit dans {site}")
    return EXIT_OK


def cmd_pages(args) -> int:
    from startupdir.content.clock import today
    from startupdir.content.reporters import as_text
    from startupdir.content.validate import find_root, load_directory
    from startupdir.site.history import read_history, unavailable_message
    from startupdir.site.pages import generate_editions, write_pages
    from startupdir.site.views import Site, Views

    directory, report = load_directory(find_root(args.root))
    if directory is None:
        sys.stdout.write(as_text(report))
        return EXIT_INVALID
    identity = directory.identity
    assert identity is not None  # load_directory sets it on every directory it returns
    site = Site(name=identity.name, identity=identity)
    history = read_history(directory.root)  # /nouveautes/: when each profile was added
    if not history.available:
        print(unavailable_message(history), file=sys.stderr)
    views = Views(directory.taxonomy, directory.startups, site)
    pages = generate_editions(views.editions(), directory, history=history, today=today())
    count = write_pages(pages, Path(args.out))
    print(f"{count} pages écrites dans {args.out}")
    return EXIT_OK


def cmd_init(args) -> int:
    from startupdir.content.clock import today
    from startupdir.init import InitError, init_directory

    target = Path(args.dir)
    try:
        init_directory(target, args.name, today(), args.generator)
    except InitError as exc:
        print(f"startupdir init : {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"Annuaire créé dans {target}")
    if "@ file:" in (target / "requirements.txt").read_text(encoding="utf-8"):
        print(
            "requirements.txt installe startupdir depuis ce poste : avant de publier le dépôt, "
            "indiquez-y l'adresse Git du générateur (voir le commentaire du fichier)."
        )
    print("Complétez directory.yml et taxonomy.yml, puis lancez « make site » dans ce dossier.")
    return EXIT_OK


def add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root", type=Path, default=None, help="racine du dépôt (défaut : détectée)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="startupdir",
        description="Valide les profils de startups et publie l'annuaire statique.",
    )
    parser.add_argument("--version", action="version", version=f"startupdir {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    sub.required = True

    p = sub.add_parser(
        "validate",
        help="valider les profils, les défis, la taxonomie et les actualités",
        description="Valide tout, puis signale chaque erreur avec fichier:ligne:colonne ; "
        "avec --fix, corrige d'abord ce qui peut l'être sans risque.",
    )
    p.add_argument(
        "paths", nargs="*", metavar="CHEMIN", help="fichiers ou dossiers (défaut : tout le dépôt)"
    )
    p.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="format du rapport (défaut : text)",
    )
    p.add_argument(
        "--fix",
        action="store_true",
        help="corriger d'abord dans les fichiers ce qu'une machine corrige sans risque "
        "(caractères invisibles, tabulations, blancs en fin de ligne, « ttps:// »…), "
        "afficher chaque correction, puis valider",
    )
    p.add_argument(
        "--summary",
        metavar="FICHIER",
        help="ajouter un résumé Markdown à ce fichier (résumé d'une vérification GitHub)",
    )
    add_root(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "schema",
        help="afficher le schéma JSON (draft 2020-12) d'un profil ou d'un défi",
        description="Exporte le schéma d'un profil (ou d'un défi, avec --challenge) pour les "
        "éditeurs (yaml-language-server).",
    )
    p.add_argument(
        "--challenge", action="store_true", help="le schéma d'un défi (challenges/*.yml)"
    )
    p.add_argument("--out", metavar="FICHIER", help="écrire dans ce fichier au lieu de la sortie")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser(
        "new",
        help="créer un profil à partir du modèle commenté",
        description="Écrit startups/<slug>.yml à partir du modèle ; n'écrase jamais un profil existant.",
    )
    p.add_argument("name", metavar="NOM", help="nom de la startup, ex. « Atlas Pay »")
    p.add_argument("--slug", help="identifiant à utiliser (défaut : dérivé du nom)")
    add_root(p)
    p.set_defaults(func=cmd_new)
    p = sub.add_parser(
        "new-post",
        help="créer une actualité datée du jour (brouillon)",
        description="Écrit content/actualites/posts/AAAA-MM-JJ-titre.md avec son en-tête commenté.",
    )
    p.add_argument("title", metavar="TITRE", help="titre de l'actualité")
    add_root(p)
    p.set_defaults(func=cmd_new_post)
    p = sub.add_parser(
        "new-challenge",
        help="créer un défi d'open innovation à partir du modèle commenté",
        description="Écrit challenges/<slug>.yml à partir du modèle ; n'écrase jamais un défi "
        "existant.",
    )
    p.add_argument("title", metavar="TITRE", help="titre du défi, en français")
    p.add_argument("--slug", help="identifiant à utiliser (défaut : dérivé du titre)")
    add_root(p)
    p.set_defaults(func=cmd_new_challenge)

    p = sub.add_parser(
        "build",
        help="valider puis construire le site (remplacé seulement en cas de succès)",
        description="Construit le site avec MkDocs dans un dossier temporaire, puis le met en place.",
    )
    p.add_argument("--site-dir", help="dossier de sortie (défaut : site/)")
    p.add_argument("--no-strict", action="store_true", help="ne pas échouer sur les avertissements")
    add_root(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "pages",
        help="écrire les pages générées (Markdown) dans un dossier",
        description="Écrit les pages générées, indépendamment de MkDocs, pour un autre moteur.",
    )
    p.add_argument("--out", required=True, metavar="DOSSIER", help="dossier de destination")
    add_root(p)
    p.set_defaults(func=cmd_pages)

    p = sub.add_parser(
        "init",
        help="créer le dépôt d'un nouvel annuaire, prêt à valider et construire",
        description="Écrit dans un dossier nouveau ou vide la configuration, une taxonomie de "
        "départ, un profil d'exemple, les pages, les workflows, un Makefile et un README.",
    )
    p.add_argument("dir", metavar="DOSSIER", help="dossier à créer (nouveau ou vide)")
    p.add_argument("--name", required=True, metavar="NOM", help="nom de l'annuaire")
    p.add_argument(
        "--generator",
        metavar="SOURCE",
        help="d'où pip installe startupdir (requirements.txt) : une adresse, par ex. "
        "git+https://github.com/ORGANISATION/DEPOT@v0.1.0, ou le dossier du générateur "
        "(par défaut, celui qui exécute cette commande)",
    )
    p.set_defaults(func=cmd_init)

    from startupdir.staff import cli as staff_cli

    staff_cli.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ClockError as exc:
        print(f"startupdir : {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
