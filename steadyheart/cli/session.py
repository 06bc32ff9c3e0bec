"""The interactive terminal conversation: welcome, the loop, slash commands, a clean exit."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.markup import escape

from steadyheart import config
from steadyheart.cli.texts import chat_texts
from steadyheart.companion import Companion, Disclosure, Reply
from steadyheart.errors import InputError, StorageError
from steadyheart.store.base import utcnow

PROMPT = "you> "


class ChatSession:
    def __init__(self, companion: Companion, conversation_id: int | None, *, console: Console | None = None,
                 read: Callable[[str], str] = input, notice: str | None = None, home: str | None = None) -> None:
        self.companion = companion
        self.conversation_id = conversation_id
        self.console = console or Console(highlight=False)
        self.read = read
        self.texts = chat_texts()
        self.home = config.resolve_home(home)
        self.notice = notice  # words leave this machine: said once per person, before the first message
        self.replies = 0  # in this session; the welcome has already disclosed, so the first turn need not

    def run(self) -> None:
        try:
            self._welcome()
            while self._one_exchange():
                pass
        except (EOFError, KeyboardInterrupt):
            self.console.print()
        self.console.print(self.texts["goodbye"], style="cyan")

    # -- welcome ------------------------------------------------------------------------------------
    def _welcome(self) -> None:
        profile = self.companion.profile()
        if profile["welcomed_at"] is None:
            self.console.print(self.texts["welcome"].format(home=escape(str(self.home))))
            self.console.print()
            name = self.read(self.texts["ask_name"]).strip()[:80] or None
            country = self._country(self.read(self.texts["ask_country"]))
            self.companion.update_profile(display_name=name, country=country, welcomed_at=utcnow())
            self.console.print(self.texts["settings_saved"])
            self.console.print(self.texts["ready"], style="cyan")
        else:
            self.console.print(self.texts["welcome_back"], style="dim")
        if self.notice and not profile["settings"].get("llm_notice_shown"):
            self.console.print(escape(self.notice), style="yellow")
            self.companion.update_settings(llm_notice_shown=True)

    def _country(self, answer: str) -> str | None:
        from steadyheart.cli.commands.chat import valid_country

        if not answer.strip():
            return None
        country = valid_country(answer)
        if country is None:
            self.console.print(self.texts["bad_country"])
        return country

    # -- the loop -----------------------------------------------------------------------------------
    def _one_exchange(self) -> bool:
        text = self.read(PROMPT)
        if text.strip().startswith("/"):
            return self._command(text.strip())
        if not text.strip():
            return True
        try:
            for item in self.companion.stream_reply(text, self.conversation_id):
                if isinstance(item, Disclosure):
                    if self.replies:  # three hours of use (the welcome covered the start of the session)
                        self.console.print(item.text, style="dim")
                elif isinstance(item, Reply):
                    self.conversation_id = item.conversation_id
                    self.replies += 1
                    if item.replaced_stream:
                        self.console.print("\n" + escape(item.text), style="cyan", end="")
                    self.console.print()
                else:
                    self.console.print(escape(item), end="", style="cyan")
        except InputError as exc:
            self.console.print(str(exc), style="yellow")
        except StorageError as exc:
            self.console.print(self.texts["not_saved"].format(error=escape(str(exc))), style="red")
        return True

    def _command(self, line: str) -> bool:
        name, _, argument = line.partition(" ")
        name = name.lower()
        if name in {"/quit", "/exit", "/bye"}:
            return False
        if name == "/help":
            self.console.print(self.texts["help"])
        elif name == "/crisis":
            self._crisis()
        elif name == "/why":
            self._why()
        elif name == "/new":
            self.conversation_id = self.companion.new_conversation()
            self.console.print(self.texts["new_started"])
        elif name == "/name":
            self.companion.update_profile(display_name=argument.strip()[:80] or None)
            self.console.print(self.texts["settings_saved"])
        elif name == "/report":
            reported = self.conversation_id is not None and self.companion.report_reply(self.conversation_id)
            self.console.print(self.texts["reported" if reported else "why_nothing"])
        elif name == "/memory":
            self._memory()
        elif name == "/forget":
            try:
                forgotten = self.companion.forget(argument.strip() or None)
            except InputError as exc:
                self.console.print(str(exc), style="yellow")
            else:
                self.console.print(self.texts["forgotten"].format(count=forgotten))
        elif name == "/country":
            country = self._country(argument)
            self.companion.update_profile(country=country)
            self.console.print(self._resources(country))
        else:
            self.console.print(self.texts["unknown_command"])
        return True

    def _crisis(self) -> None:
        self.console.print(self._resources(self.companion.profile()["country"]), style="bold")

    @staticmethod
    def _resources(country: str | None) -> str:
        from steadyheart.safety import format_resources

        return escape(format_resources(country))

    def _memory(self) -> None:
        from steadyheart.dialogue.memory import describe_memory

        remembered = self.companion.memory()
        if not remembered:
            self.console.print(self.texts["memory_empty"])
            return
        self.console.print(self.texts["memory_intro"])
        for key, line in zip(remembered, describe_memory(remembered), strict=True):
            self.console.print(f"  - {escape(line)}  [dim](/forget {key})[/dim]")

    def _why(self) -> None:
        from steadyheart.explain import explain_record

        turns = self.companion.turns(self.conversation_id) if self.conversation_id is not None else []
        if not turns:
            self.console.print(self.texts["why_nothing"])
            return
        last = turns[-1]
        self.console.print(escape(explain_record(last.analysis, last.plan, last.tier, last.triage)))
