/**
 * Training phrasings: a customer asking for a person, written per language as templates (openers × verbs ×
 * who they ask for × politeness), word orders included. Written for this project; never copied from any
 * evaluation set. Typo'd copies are added by generate.ts.
 */
export const PERSON_SLOTS: Record<string, readonly string[]> = {
  // English
  WHO: [
    'a human', 'a person', 'a real person', 'an agent', 'a live agent', 'someone', 'somebody', 'a representative',
    'an operator', 'a human being', 'customer service', 'customer support', 'customer assistance', 'customer care',
    'your team', 'support', 'the support team', 'a supervisor', 'a manager', 'staff', 'an employee',
    'a member of staff', 'someone from your team', 'a real human', 'an actual person', 'an advisor',
    'someone in charge', 'a colleague', 'a live person', 'anyone', 'somebody real', 'your helpdesk', 'the help desk',
    'a rep', 'a human agent', 'the service team', 'a specialist', 'someone who can help', 'a team member',
    'some1', 'sum1', 'a real agent', 'one of your staff', 'one of your agents', 'one of your team', 'one of your people', 'one of you',
  ],
  ASK: [
    'talk to', 'speak to', 'speak with', 'talk with', 'chat with', 'get', 'reach', 'contact', 'be connected to',
    'be transferred to', 'get through to', 'deal with', 'have a word with', 'get hold of', 'call', 'message',
  ],
  OPEN: [
    'can I', 'could I', 'may I', 'I want to', "I'd like to", 'I need to', 'I would like to', 'let me', 'I wish to',
    'please let me', 'is it possible to', 'how do I', 'how can I', 'where can I', 'i wanna', 'I must', 'can i please',
    'I have to', 'I demand to', 'allow me to', 'can u', 'cn i', 'could u',
  ],
  END: ['', 'please', 'now', 'asap', 'about my order', 'about a payment', 'right now', 'this bot is not helping', 'not a bot', 'thanks', 'urgently', 'about my account'],
  // Spanish
  ES_WHO: ['una persona', 'un humano', 'un agente', 'alguien', 'un asesor', 'un operador', 'atención al cliente', 'soporte', 'un empleado', 'una persona real', 'el servicio al cliente', 'un encargado', 'un supervisor'],
  ES_ASK: ['hablar con', 'comunicarme con', 'contactar con', 'contactar a', 'chatear con', 'que me atienda'],
  ES_OPEN: ['quiero', 'necesito', 'puedo', 'quisiera', 'me gustaría', 'cómo puedo', 'se puede', 'déjame'],
  // French
  FR_WHO: ["quelqu'un", 'une personne', 'un humain', 'un conseiller', 'une conseillère', 'un agent', 'le service client', 'le support', 'un opérateur', 'une vraie personne', 'un responsable', "un être humain", 'votre équipe'],
  FR_ASK: ['parler à', 'parler avec', 'joindre', 'contacter', 'discuter avec', 'être mis en relation avec', 'avoir'],
  FR_OPEN: ['je veux', 'je voudrais', "j'aimerais", 'est-ce que je peux', 'puis-je', 'comment', 'je dois', 'je souhaite'],
  // German
  DE_WHO: ['einem Menschen', 'einer Person', 'einem Mitarbeiter', 'einer Mitarbeiterin', 'jemandem', 'einem Berater', 'dem Kundenservice', 'dem Support', 'einem echten Menschen', 'einem Agenten', 'dem Kundendienst', 'einem Vorgesetzten', 'einem Ansprechpartner', 'einem Sachbearbeiter'],
  DE_VERB: ['sprechen', 'reden', 'chatten', 'telefonieren', 'schreiben'],
  DE_OPEN: ['ich möchte', 'ich will', 'kann ich', 'darf ich', 'könnte ich', 'ich würde gern', 'ich muss', 'wie kann ich'],
  // Portuguese
  PT_WHO: ['uma pessoa', 'um humano', 'um atendente', 'alguém', 'um agente', 'o suporte', 'o atendimento', 'um operador', 'uma pessoa real', 'um funcionário', 'um consultor', 'o apoio ao cliente'],
  PT_ASK: ['falar com', 'conversar com', 'contatar', 'contactar', 'ser atendido por'],
  PT_OPEN: ['quero', 'preciso', 'posso', 'gostaria de', 'como posso', 'queria', 'preciso de'],
  // Italian
  IT_WHO: ['una persona', 'un operatore', 'qualcuno', 'un umano', 'un consulente', 'il servizio clienti', "l'assistenza", 'un addetto', 'una persona vera', 'un responsabile', 'un essere umano'],
  IT_ASK: ['parlare con', 'contattare', 'sentire', 'chattare con', 'essere messo in contatto con'],
  IT_OPEN: ['voglio', 'vorrei', 'posso', 'devo', 'come posso', 'mi piacerebbe', 'è possibile'],
  // Dutch
  NL_WHO: ['een mens', 'een medewerker', 'iemand', 'een persoon', 'de klantenservice', 'een echt persoon', 'support', 'een adviseur', 'een leidinggevende'],
  NL_VERB: ['spreken', 'praten', 'bellen', 'chatten'],
  NL_OPEN: ['ik wil', 'kan ik', 'mag ik', 'ik zou graag', 'hoe kan ik', 'ik moet'],
  // Swedish
  SV_WHO: ['en människa', 'en person', 'någon', 'en handläggare', 'kundtjänst', 'kundservice', 'support', 'en riktig person', 'en medarbetare', 'en chef'],
  SV_ASK: ['prata med', 'tala med', 'komma i kontakt med', 'chatta med', 'få kontakt med', 'ringa'],
  SV_OPEN: ['jag vill', 'kan jag', 'får jag', 'jag skulle vilja', 'hur kan jag', 'jag behöver'],
  // Russian
  RU_WHO: ['человеком', 'оператором', 'сотрудником', 'консультантом', 'живым человеком', 'кем-нибудь', 'кем-то', 'менеджером', 'специалистом', 'поддержкой'],
  RU_ASK: ['поговорить с', 'связаться с', 'пообщаться с', 'соедините меня с', 'переключите на'],
  RU_OPEN: ['хочу', 'можно', 'мне нужно', 'я хочу', 'могу я', 'как мне', 'дайте'],
};

export const PERSON_TEMPLATES: readonly string[] = [
  '{|hi|hello|hey|ok|so} $OPEN $ASK $WHO {|please|now|asap|thanks|about my order|right now}',
  '{|please|can you|could you|just} {connect|transfer|put} me {to|through to|with} $WHO {|please|now}',
  '{|please|can you|could you} {get|give|find} me $WHO {|please|now|to talk to}',
  '{|i|I really} {want|need|would like|demand|require} $WHO {|please|now|to help me|not a bot}',
  '$WHO {please|now|pls|asap|!|?|i need help}',
  '{is there|are there|is} $WHO {I can|i could|to} {talk to|speak to|chat with|speak with} {|please|?}',
  '{can|could|would} $WHO {help me|call me|call me back|contact me|get in touch|look at this|take over}',
  '{|I want to|I would like to|I need to} {complain to|escalate this to|report this to|file a complaint with} $WHO',
  '{escalate|pass|hand|forward} {this|me|my case} {to|over to|on to} $WHO {|please}',
  '{who|which person} can I {talk to|speak to|contact|call} {about|regarding} {this|my account|my order|my problem|a complaint}',
  '{stop the bot|no more bot|enough bot|no bot|no robots|not a robot|i dont want a bot|im done with this bot} {|,} {i want|give me|get me|let me talk to} $WHO',
  '{is anybody there|is anyone there|is somebody there|anyone real here|is this a real person|am I talking to a bot|are you a real person|are you human|are you a bot}{?|}{| i want a real person| i need a human| let me talk to someone}',
  'how {do|can} I {reach|contact|get hold of|call|get to} $WHO {|?}',
  '{I need|I want|need|want} {help from|to be helped by} {a human|a person|a real person|someone real|an agent|your staff}',
  "{i am|im|i'm|been} {looking for|searching for|trying to find|trying to reach|trying to get} $WHO {|to chat with|to talk to|to help me|here|for ages}",
  '{take|bring} me to {a human|an agent|a person|support|customer service}',
  '{human|agent|person|operator|representative|real person|live agent|customer support|customer service} {please|pls|plz|now|!}',
  '{can i get|can i have|may i have|i would like|id like} {a callback|a call back|a phone call|someone to call me} {|from your team|from a person|please}',
  '{get|put|hook} me {|up} {on|through|with} {|to} $WHO {on the line|on the phone|on a call|right away}',
  '{is|are} {there |} $WHO {available|free|around|online|on duty|working today} {|to chat|to talk|to help me|right now}{|?}',
  '{i need|i want|get me|give me} $WHO {on the line|on the phone|to call me|to ring me}',
  '{is|are} {a person|an agent|a human|someone|somebody|anyone|a real person|staff|an advisor|a representative|an operator} {available|free|there|online|around} {|to chat|to talk|to help|now|right now|today}{|?}',
  // Spanish
  '{|hola} $ES_OPEN $ES_ASK $ES_WHO {|por favor|ya|ahora|urgente}',
  '{pásame|pasame|comunícame|comunicame|transfiéreme|transfiereme|ponme} con $ES_WHO {|por favor|ya}',
  '{hay|existe} {alguien|una persona|un humano} {con quien hablar|que me pueda atender|que me ayude}{|?}',
  '{quiero|necesito} {un humano|una persona|un agente|un asesor} {|por favor|no un bot|ya}',
  '{|¿}{me puede|me podría|alguien me puede|puede alguien|me puede alguien} {atender|llamar|ayudar en persona|contactar}{|?}',
  '{|¿}{puede|podría} {ayudarme|atenderme} {una persona|un humano|alguien|un agente}{|?}',
  // French
  '{|bonjour} $FR_OPEN $FR_ASK $FR_WHO {|svp|s\'il vous plaît|maintenant|rapidement}',
  '{mettez-moi|mettez moi|passez-moi|passez moi|transférez-moi|transferez moi} {en relation avec|à|avec} $FR_WHO {|svp|s\'il vous plaît}',
  '{y a-t-il|est-ce qu\'il y a|il y a} {quelqu\'un|une personne|un humain|un conseiller} {à qui parler|pour m\'aider|?}',
  '{je veux|je voudrais} {un humain|une personne|un conseiller|un agent} {|svp|pas un robot}',
  "{est-ce que je peux|puis-je|je voudrais|je peux|pourrais-je} {avoir|joindre|appeler|contacter} {quelqu'un|un conseiller|une personne|le service client} {au téléphone|en ligne|de chez vous|}{| ?}",
  "{quelqu'un|un conseiller|une personne} {peut|pourrait} {me rappeler|m'appeler|me répondre|s'occuper de moi}{| ?}",
  "{une personne|un humain|quelqu'un|un conseiller} {peut|pourrait} m'aider{| ?}",
  // German (word orders: modal first, verb last; imperative; "bitte" anywhere)
  '{|hallo} $DE_OPEN {|bitte} mit $DE_WHO {|bitte} $DE_VERB',
  '{kann|könnte} ich {|bitte} {|mal|jetzt} mit $DE_WHO $DE_VERB{|?}',
  '{verbinden Sie mich|verbinde mich|leiten Sie mich|stellen Sie mich} {|bitte} {mit|an|zu|durch zu} $DE_WHO {|weiter|durch}',
  '{gibt es|ist da} {jemanden|einen Menschen|einen Mitarbeiter|eine Person} {mit dem ich sprechen kann|zum Reden|der mir hilft|?}',
  '{ich will|ich möchte|ich brauche} {einen Menschen|einen Mitarbeiter|eine Person|einen Berater|jemanden} {|sprechen|bitte|keinen Bot}',
  '{ich hätte gern|ich hätte gerne|ich brauche|ich suche|gibt es} {einen|einen echten|einen persönlichen} {Ansprechpartner|Berater|Mitarbeiter|Sachbearbeiter|Menschen}{|?| bitte}',
  '{Mitarbeiter|Mensch|Kundenservice|Support|Berater} bitte',
  '{kann|könnte} mir {|bitte} {ein Mensch|ein Mitarbeiter|jemand|eine echte Person|ein Berater|eine Person|ein Mitarbeiter von euch} {helfen|weiterhelfen}{|?}',
  // Portuguese
  '{|olá|oi} $PT_OPEN $PT_ASK $PT_WHO {|por favor|agora|já}',
  '{me passa|passa-me|me transfere|me coloca|me ligue} {para|com} $PT_WHO {|por favor}',
  '{tem|existe|há} {alguém|uma pessoa|um humano|um atendente} {para falar comigo|que me ajude|com quem falar|?}',
  '{uma pessoa|um humano|alguém|um atendente} {pode|poderia} me {ajudar|atender}{|?}',
  // Italian
  '{|ciao|salve} $IT_OPEN $IT_ASK $IT_WHO {|per favore|subito|adesso}',
  '{mi passi|passami|mettimi in contatto con|mi metta in contatto con|trasferiscimi a} $IT_WHO {|per favore}',
  "{c'è|ce qualcuno|esiste} {qualcuno|una persona|un operatore} {con cui parlare|che mi aiuti|?}",
  '{una persona|un operatore|qualcuno} {può|potrebbe} {aiutarmi|rispondermi}{|?}',
  // Dutch
  '{|hallo|hoi} $NL_OPEN {|graag} {met|naar} $NL_WHO $NL_VERB',
  '{kan ik|mag ik} {|even|graag} $NL_WHO {spreken|bellen|?}',
  '{verbind me|verbind mij|zet me door} {met|naar} $NL_WHO {|alstublieft|aub}',
  '{ik wil|ik zou graag} {een medewerker|een mens|iemand|een persoon} {|spreken|alstublieft}',
  '{kan|kan er} {een medewerker|een mens|iemand|een persoon} {mij|me} helpen{|?}',
  // Swedish
  '{|hej} $SV_OPEN $SV_ASK $SV_WHO {|tack|nu}',
  '{kan jag få|får jag} {prata med|tala med|kontakt med} $SV_WHO {|tack}',
  '{koppla mig|koppla} {till|vidare till} $SV_WHO {|tack}',
  'kan {en människa|någon|en person|en handläggare} hjälpa mig{|?}',
  // Russian
  '{|здравствуйте|привет} $RU_OPEN $RU_ASK $RU_WHO {|пожалуйста|срочно|сейчас}',
  '{позовите|дайте|нужен|хочу} {человека|оператора|сотрудника|живого человека|живого оператора|консультанта|менеджера} {|пожалуйста|срочно}',
  '{можно|могу ли я} {с кем-нибудь|с кем-то|с человеком|с оператором} {поговорить|связаться}{?|}',
  '{может ли|пусть} {человек|оператор|сотрудник|кто-нибудь} {мне помочь|помочь мне|мне ответить}{|?}',
  // "Is anybody there?" and "please call me back", in every language.
  '{|hola} {¿hay alguien ahí?|¿hay alguien?|hay alguien ahi|¿alguien me atiende?}',
  "{|allô} {il y a quelqu'un ?|y a quelqu'un ?|quelqu'un est là ?}",
  '{|hallo} {ist da jemand?|ist hier jemand?|hallo, jemand da?}',
  '{|olá} {tem alguém aí?|alguém aí?|tem alguém?}',
  "{|ciao} {c'è qualcuno?|c'è nessuno?|qualcuno mi risponde?}",
  '{|hallo} {is daar iemand?|is er iemand?|is er iemand aanwezig?}',
  '{|hej} {är det någon där?|finns det någon där?}',
  '{|алло} {есть кто-нибудь?|тут есть кто-то?|кто-нибудь здесь?}',
  '{llámenme|llamadme|que me llame alguien} {|por favor|de vuelta}',
  "{rappelez-moi|pouvez-vous me rappeler|qu'on me rappelle} {|s'il vous plaît|svp}",
  '{bitte rufen Sie mich zurück|rufen Sie mich bitte an|ich möchte einen Rückruf|bitte um Rückruf}',
  '{me liguem|podem me ligar|quero que me liguem} {|de volta|por favor}',
  '{richiamatemi|potete richiamarmi|vorrei essere richiamato} {|per favore}',
  '{bel me terug|kunnen jullie me terugbellen|ik wil teruggebeld worden} {|alstublieft|aub}',
  '{ring upp mig|kan ni ringa mig|jag vill bli uppringd} {|tack}',
  '{перезвоните мне|позвоните мне|можно мне перезвонить} {|пожалуйста}',
  '{请给我回电话|请打电话给我|能给我打个电话吗|有人吗}',
  // Chinese
  '{我要|我想|请帮我|能不能|可以|麻烦}{转人工|找人工|找客服|联系客服|和真人聊|跟真人说话|人工服务|找个真人|跟人工客服聊|和客服说话}{|吗|谢谢|，谢谢}',
  '{人工|真人|客服|人工客服}{|吗|！|呢|在吗}',
  '{有没有|有}{真人|人工|客服}{|可以聊|能帮我}{吗|}',
  // Someone on the line / on the phone, in every language.
  '{can I|could I|how do I} {get|have|speak to} {someone|a person|somebody|an agent} on the {phone|line}{|?}',
  '{¿|}{puedo|podría} {hablar con alguien|tener a alguien|hablar con una persona} por teléfono{|?}',
  "{est-ce que je peux|puis-je} avoir {quelqu'un|un conseiller|une personne} au téléphone{| ?}",
  '{kann ich|könnte ich} {jemanden|einen Mitarbeiter|einen Menschen} ans Telefon {bekommen|kriegen}{|?}',
  '{posso|dá para} falar com {alguém|um atendente|uma pessoa} por telefone{|?}',
  '{posso|potrei} avere {qualcuno|un operatore|una persona} al telefono{|?}',
  '{kan ik|mag ik} {iemand|een medewerker|een mens} {aan de lijn|aan de telefoon} {krijgen|hebben|spreken}{|?}',
  '{kan jag|får jag} {få någon|prata med någon|få en handläggare} i telefon{|?}',
  '{можно|могу ли я} {поговорить с кем-нибудь|услышать оператора|позвонить оператору} по телефону{|?}',
  '{能不能|可以}{找个人接电话|电话联系人工|打电话给客服}{|吗|？}',
];
