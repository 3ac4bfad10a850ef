/**
 * English: the reference catalogue. Every other language has exactly these keys with the same placeholders
 * (test/i18n-catalogue.test.ts fails otherwise). Strings are ICU MessageFormat: `{name}` inserts a value,
 * `{n, plural, one {…} other {…}}` and `{x, select, a {…} other {…}}` choose by number or word, `#` is the number.
 * Times, durations, day and language names are formatted by `Intl` (see ../format.ts) and passed in as values.
 *
 * The wording matches core/replies.ts exactly for the strings it already has, so switching to the catalogue
 * changes nothing an English customer sees (test/i18n-replies.test.ts compares them).
 */
export const en = {
  // ── Buttons ──────────────────────────────────────────────────────────────────────────────────────────
  'choice.talkToPerson': 'Talk to a person',
  'choice.keepWaiting': 'Keep waiting',
  'choice.backToAssistant': 'Back to the assistant',
  'choice.leaveMessage': 'Leave a message',
  'choice.yesBackToAssistant': 'Yes, back to the assistant',
  'choice.noKeepWaiting': 'No, keep waiting',

  // ── The assistant ────────────────────────────────────────────────────────────────────────────────────
  'smallTalk.greeting': 'Hi! What can I help you with today? You can ask me anything, or ask for a person at any time.',
  'smallTalk.thanks': "You're welcome! Anything else I can help with?",
  'smallTalk.goodbye': 'Thanks for getting in touch. Have a great day!',
  'clarify.notSureWithChoices': "I'm not sure I can answer that. Is it about one of these? If not, a person can help.",
  'clarify.notSure': "I'm not sure I can answer that, but a person can help.",
  'clarify.didYouMean': 'I want to get this right. Did you mean one of these?',
  'clarify.stillNotSure': "Sorry, I still don't follow. Could you describe what you need in a few words? Or I can get you a person.",
  'answer.didNotHelp': "Sorry that didn't help. Could you tell me a bit more, or shall I get you a person?",
  'offTopic.canHelpWith': 'I can help with questions about {topics}. For anything else, a person can help.',
  'offTopic.canHelpWithShop': "I'm the {shop} assistant: I can help with questions about {topics}. For anything else, a person can help.",
  'language.kbMissing': "I can't answer that in English myself yet, but a person can help you. Shall I get you one?",
  'cannotRead': 'I can only read text messages. Could you type your question? Or I can get you a person.',
  'emptyMessage': 'Could you type your question? I can also get you a person.',

  // ── Getting a person ─────────────────────────────────────────────────────────────────────────────────
  'handoff.opener.asked_for_person': "Of course. I'm getting you a person.",
  'handoff.opener.picked_talk_to_person': "Sure. I'm getting you a person.",
  'handoff.opener.repeated_question': "It looks like my answer didn't help, so I'm getting you a person.",
  'handoff.opener.frustration': "I'm sorry this has been frustrating. I'm getting you a person right away.",
  'handoff.opener.sensitive_topic': 'This is something our team handles personally, so I am passing you to a person.',
  'handoff.opener.low_confidence': "I don't want to keep guessing, so I'm getting you a person.",
  'handoff.opener.cannot_read_message': "I'm getting you a person who can look at this.",
  'queue.offline': "Our team is offline right now and back {backAt}; you're number {position} in line and nothing you write will be lost.",
  'queue.position': "You're number {position} in line.",
  'queue.expectedWait': 'The expected wait is {duration}.',
  'queue.keepWriting': 'You can keep writing here; a person will see everything.',
  'duration.underMinute': 'under a minute',
  'duration.about': 'about {duration}',
  'time.backAt': '{dayKind, select, today {today} tomorrow {tomorrow} weekday {on {weekday}} other {on {date}}} at {time} ({zone})',

  // ── Waiting: a state the customer controls ───────────────────────────────────────────────────────────
  'waiting.passedOn': "Thanks, I've passed that on.",
  'rateLimit.slowDown': "You're sending messages very fast — I'll read them in a moment.",
  'waiting.stillComing': 'A person is still coming — you keep your place in line.',
  'waiting.keptPlace': 'OK, you keep your place.',
  'neverMind.confirm': "Do you want to stop waiting for a person? You'll be back with the assistant.",
  'neverMind.left': "OK, you've left the queue. You're back with the assistant: ask me anything, or ask for a person at any time.",

  // ── Never left alone: follow-ups, after hours, nobody free ───────────────────────────────────────────
  'followUp.prompt': "Write your message here and our team will answer in this chat as soon as they can. You don't need to stay online.",
  'followUp.saved': 'Thanks, your message is saved. Someone from our team will answer here as soon as they can.',
  'followUp.savedAfterHours': "Thanks, your message is saved. We're back {backAt}, and someone from our team will answer here then.",
  'followUp.replyIntro': 'About the message you left us:',
  'afterHours.closed': "Our team is offline right now and back {backAt}. I can still answer your questions, or you can leave a message and we'll reply here.",
  'giveUp.nobodyFree': "I'm sorry, nobody is free right now. You can leave a message and we'll answer here as soon as we can, or keep asking me.",

  // ── Around a conversation with a person ──────────────────────────────────────────────────────────────
  'agentJoined': '{name} from our team has joined and will take it from here.',
  'agentMessage': '{name} (support): {text}',
  'backWithAssistant': "You're back with the assistant. Ask me anything, or ask for a person at any time.",
  'rating.question': 'Thanks for your patience. How would you rate the help you got today?',
  'rating.thanks': 'Thank you for your feedback!',
  'rating.sorry': "Thank you for telling us, and I'm sorry it didn't go well. Someone from our team will look at it and get back to you here.",

  // ── Staff-facing (pages, threads, /handoffs), in the staff's language ────────────────────────────────
  'staff.reason.asked_for_person': 'asked for a person',
  'staff.reason.picked_talk_to_person': 'pressed "Talk to a person"',
  'staff.reason.repeated_question': 'asked the same question again (our answer did not help)',
  'staff.reason.frustration': 'sounds frustrated',
  'staff.reason.sensitive_topic': 'sensitive topic',
  'staff.reason.low_confidence': 'the bot was unsure twice',
  'staff.reason.cannot_read_message': 'sent something the bot cannot read',
  'staff.reason.left_message': 'left a message',
  'staff.reason.unhappy_rating': 'customer unhappy: rated {stars, plural, one {# star} other {# stars}}',
  'staff.needsPerson': '{name} on {platform} needs a person',
  'staff.reasonHeading': 'Reason',
  'staff.waitingSince': 'Waiting since',
  'staff.lastMessages': 'Last messages',
  'staff.writesIn': 'Writes in {language}',
  'staff.claim': 'Claim',
  'staff.returnToBot': 'Return to bot',
  'staff.resolve': 'Resolve',
  'staff.teach': 'Teach the bot',
  'staff.customerLeftQueue': 'Customer left the queue',
  'staff.customerLeftQueueDetail': '{name} left the queue and is back with the bot.',
  'staff.followUp': 'Follow-up: {name} left a message',
  'staff.stillWaiting': 'Still nobody on it: {name} has been waiting {waiting}.',
  'staff.confirmResolveNoReply': 'Nobody has replied to the customer yet. Resolve anyway? They will be asked to rate the help.',
  'staff.openHandoffs': '{count, plural, =0 {Nobody is waiting for a person.} one {# open handoff} other {# open handoffs}}',
} as const;

/** Every message key, e.g. `'queue.position'`. */
export type MessageKey = keyof typeof en;
/** A language's catalogue: every key, no others (the compiler checks each language file). */
export type Messages = Record<MessageKey, string>;
