/**
 * Training phrasings: frustration and anger, per language. A person should take over before patience runs out.
 * Written for this project; never copied from any evaluation set.
 */
export const FEELING_SLOTS: Record<string, readonly string[]> = {
  BAD: [
    'bullshit', 'ridiculous', 'a joke', 'useless', 'unacceptable', 'a nightmare', 'so frustrating', 'a disgrace',
    'pathetic', 'absurd', 'insane', 'outrageous', 'a scam', 'terrible', 'awful', 'garbage', 'rubbish', 'crap',
    'a waste of time', 'beyond stupid', 'a shambles', 'madness', 'a farce', 'shameful', 'disgusting', 'horrible',
    'infuriating', 'annoying', 'the worst', 'a total mess', 'so bad', 'hopeless', 'a rip off', 'not ok', 'not acceptable',
  ],
  WHAT: ['this', 'this service', 'your service', 'your bot', 'this bot', 'your app', 'this app', 'your company', 'this company', 'you guys', 'you people', 'this product', 'your product', 'this software', 'your software', 'this website', 'your website', 'this platform', 'this tool', 'your system', 'this shop', 'this chat', 'this whole thing', 'your support', 'lumo', 'this bank'],
  FEEL: ['angry', 'furious', 'mad', 'pissed off', 'upset', 'frustrated', 'annoyed', 'fed up', 'livid', 'sick of this', 'tired of this', 'done with this', 'losing my patience', 'losing my mind', 'fuming', 'disappointed', 'so done'],
  TOPIC: ['', 'my card got charged twice', 'where is my refund', 'my order never came', 'I have been waiting for weeks', 'nobody answers', 'I asked three times already', 'my payment failed again', 'I still have no money back', 'the app keeps crashing'],
  ES_BAD: ['una vergüenza', 'una mierda', 'inútil', 'un desastre', 'una estafa', 'ridículo', 'inaceptable', 'una broma', 'horrible', 'lamentable', 'una porquería'],
  FR_BAD: ["n'importe quoi", 'nul', 'une honte', 'inadmissible', 'inacceptable', 'ridicule', 'une arnaque', 'lamentable', 'de la merde', 'scandaleux', 'insupportable'],
  DE_BAD: ['eine Frechheit', 'eine Unverschämtheit', 'unmöglich', 'lächerlich', 'nutzlos', 'eine Katastrophe', 'Betrug', 'Mist', 'Scheiße', 'inakzeptabel', 'zum Kotzen', 'unglaublich schlecht'],
  PT_BAD: ['horrível', 'uma vergonha', 'ridículo', 'inaceitável', 'uma porcaria', 'inútil', 'um absurdo', 'uma merda', 'péssimo', 'um lixo'],
  IT_BAD: ['una vergogna', 'ridicolo', 'inaccettabile', 'uno schifo', 'inutile', 'assurdo', 'una truffa', 'pessimo', 'una presa in giro', 'vergognoso'],
  NL_BAD: ['belachelijk', 'schandalig', 'waardeloos', 'onacceptabel', 'een grap', 'nutteloos', 'een schande', 'bagger', 'verschrikkelijk'],
  SV_BAD: ['värdelöst', 'helt värdelöst', 'skandal', 'löjligt', 'oacceptabelt', 'bedrövligt', 'skit', 'hemskt', 'ett skämt'],
  RU_BAD: ['ужас', 'безобразие', 'позор', 'издевательство', 'бесполезно', 'кошмар', 'отвратительно', 'развод', 'бред', 'невыносимо'],
};

export const FEELING_TEMPLATES: readonly string[] = [
  '{|honestly|seriously|wow|ugh|omg|oh my god} $WHAT {is|are|is just|is absolutely|is completely|are such} $BAD {|,} $TOPIC',
  '{|honestly|seriously|ugh} this is $BAD {|,} $TOPIC',
  '$TOPIC {|,|!} this is $BAD',
  '{I am|I\'m|im|i am so|I\'m really|I\'m getting|I am extremely|I\'m absolutely} $FEEL {|right now|with you|with this|with your service} {|,} $TOPIC',
  '$WHAT {sucks|suck|is shit|is a joke|are a joke|is trash|stinks|is so dumb|is stupid|is hopeless|is clueless}',
  '{are you even|you are not|youre not|nobody is|no one is|is anyone} {listening|reading what i write|reading my messages|paying attention|helping me}{|?}',
  '{worst|the worst} {service|company|app|bot|support|experience} {ever|i have ever had|in my life|on earth}',
  '{what the hell|what the fuck|wtf|for gods sake|for fucks sake|come on|are you kidding me|you must be kidding|give me a break|unbelievable|are you serious}{|,|!} $TOPIC',
  '{i hate|i really hate|i am sick of|i am tired of|i cant stand|i am done with} {this|you|your service|this bot|this company|waiting|lumo}',
  '{nobody|no one} {helps me|answers|cares|is helping|gets back to me|responds}{|,} $TOPIC',
  '{this is the|its the} {third|fourth|fifth|tenth} time {i ask|i have asked|i write|im asking|i contact you}{|, absolutely unacceptable|, ridiculous|!}',
  '{i have had enough|enough is enough|i give up|i am at the end of my rope|my patience is gone|im losing it|i want to scream}',
  '{i will|im going to|i am going to} {sue you|report you|leave a bad review|cancel everything|go to the press|post this online}',
  '{thanks for nothing|you are useless|you\'re useless|ur useless|useless bot|stupid bot|dumb bot|this bot is stupid|pointless}',
  "{i am|im|i'm|i feel} {really|very|so|extremely|} {upset|unhappy|angry|disappointed|frustrated|annoyed} {with|about|by} {how i have been treated|the way you treat customers|your service|this experience|how this was handled|the way this went}",
  "{for gods sake|for god's sake|for heavens sake|for crying out loud|jesus christ|ffs|just} {just fix it|sort it out|do something|help me|answer me|fix this already}{|!}",
  // Said it all before; nobody helps.
  "{i have|ive|i've|i already} {explained|told you|said|written|asked|repeated} {this|it|that|the same thing} {three|four|five|ten|many|so many|a dozen|several} times {|already|now|today|and nothing}",
  "{why can't|why cant|why won't|why doesnt|why does no one|can nobody|will nobody|does anyone even} {anyone|anybody|someone|you|} {help me|answer me|fix this|work there|read my messages}{|?|?!|!!}",
  // Going in circles with the bot.
  "{i am|im|i've been|been|we are|we're|i keep} {going round in circles|going around in circles|stuck in a loop|getting nowhere|running in circles|going back and forth} {|for an hour|for ages|with this bot|here|with you}",
  '{this is going nowhere|this leads nowhere|same answer again|you keep sending the same thing|you keep repeating yourself|stop sending me the same link}',
  // "You are making fun of me", each language's own idiom.
  "{are you taking the piss|are you having a laugh|you're messing with me|are you messing with me|are you making fun of me|is this a joke}{|?|!}",
  '{me están tomando el pelo|se están burlando de mí|me toman por tonto|me toman el pelo|esto es una tomadura de pelo}{|?|!}',
  "{vous vous moquez de moi|vous vous foutez de moi|on se moque de qui|c'est une blague|vous me prenez pour un idiot}{| ?|!}",
  '{wollt ihr mich verarschen|ihr veräppelt mich|soll das ein Witz sein|ihr verarscht mich doch|halten Sie mich für blöd}{|?|!}',
  '{vocês estão de brincadeira|estão me fazendo de bobo|isso é brincadeira|estão zoando comigo}{|?|!}',
  '{mi prendete in giro|state scherzando|mi state prendendo in giro|è uno scherzo}{|?|!}',
  '{jullie houden me voor de gek|maken jullie een grapje|dit is een grap zeker}{|?|!}',
  '{skojar ni med mig|ni driver med mig|är det här ett skämt}{|?|!}',
  '{вы надо мной смеётесь|это шутка|вы меня за дурака держите}{|?|!}',
  '{你们在耍我吗|开什么玩笑|你们是在逗我吗|把我当傻子}{|？|！}',
  // "It makes me angry", each language's own way of saying so.
  '{this|it|your service|this bot|this situation} {makes me|is making me|drives me} {angry|mad|crazy|furious|nuts|up the wall}',
  '{esto|este servicio|este bot} me {saca de quicio|tiene harto|cabrea|pone de los nervios|enfada}',
  "{ça|ce bot|votre service} {m'énerve|me saoule|me rend fou|me rend folle|m'exaspère}",
  '{das|dieser Bot|euer Service|es} {nervt|nervt mich|macht mich wahnsinnig|regt mich auf|macht mich wütend}',
  '{isso|esse bot|esse serviço} {me irrita|me deixa louco|me deixa furioso|me tira do sério}',
  '{questo|questo bot|questo servizio} mi {fa arrabbiare|fa incazzare|fa impazzire|irrita}',
  '{dit|deze bot|jullie service} {irriteert me|maakt me boos|maakt me gek}',
  '{det här|den här boten|er service} {gör mig arg|gör mig galen|irriterar mig}',
  '{меня|это меня|ваш бот меня|ваш сервис меня} {бесит|раздражает|злит|выводит из себя}{|!| уже}',
  // "What a bad service", in every language: the thing judged, then the judgement.
  '{what|such} {a|an|} {terrible|awful|bad|horrible|crappy|lousy|shitty|pathetic|useless} {service|company|app|bot|experience|support}{|!|, $TOPIC}',
  '{qué|que} {servicio|atención|app|aplicación|empresa|bot} {tan|más} {malo|mala|pésimo|pésima|horrible|lamentable|inútil}',
  '{servicio|atención al cliente|soporte} {pésimo|pésima|horrible|de mierda|lamentable|fatal}',
  '{quel|quelle} {service|application|entreprise|assistance|appli} {nul|nulle|minable|pourri|pourrie|lamentable|catastrophique}',
  '{was für ein|so ein|echt ein} {schlechter|mieser|furchtbarer|grottiger|unmöglicher} {Service|Kundenservice|Laden|Bot|Support}',
  '{que|esse|este} {serviço|atendimento|app|aplicativo|suporte} {péssimo|horrível|ruim|lixo|de merda}',
  '{che|che razza di} {servizio|assistenza|app|azienda} {pessimo|pessima|schifoso|schifosa|scadente|penoso}',
  '{wat een|echt een} {slechte|waardeloze|belabberde|bagger} {service|klantenservice|app|bedrijf}',
  '{vilken|så} {dålig|usel|värdelös|skitdålig} {service|kundtjänst|app|support}',
  // "You (all) are useless", addressed to the company, in every language.
  '{ustedes son|sois|son} $ES_BAD', '{vous êtes|vous etes} $FR_BAD', '{ihr seid|Sie sind|ihr seid echt} $DE_BAD',
  '{vocês são|voces sao} $PT_BAD', '{siete|voi siete} $IT_BAD', '{jullie zijn|u bent|jullie zijn echt} $NL_BAD',
  '{ni är|ni är helt} $SV_BAD', '{вы|вы просто|вы что} {издеваетесь|издеваетесь надо мной|бесполезны|совсем обнаглели|шутите}{|?}',
  '{сколько можно|мне надоело|достало|надоело ждать|это уже слишком}{|!|, $RU_BAD}',
  '{totaler|kompletter|absoluter|so ein|was für ein} {Mist|Schrott|Müll|Blödsinn|Murks}{|, nichts funktioniert|, nix geht}',
  '{какой|какая|что за} {ужасный|отвратительный|плохой|ужасная|отвратительная|плохая|дерьмовый} {сервис|поддержка|приложение|компания}',
  // Spanish
  '{esto es|es|qué|que} $ES_BAD {|,} {|nadie me responde|nadie me ayuda|llevo semanas esperando}',
  '{estoy|estoy muy|estoy harto|estoy harta|estoy cansado|estoy enfadado|estoy furioso} {enfadado|harto|furioso|cabreado|molesto|de esto|de esperar}',
  // French
  "{c'est|c est|quel|vraiment} $FR_BAD {|,} {|personne ne répond|j'attends depuis des semaines}",
  '{je suis|je suis vraiment|je suis très} {énervé|énervée|furieux|furieuse|en colère|à bout|excédé|fatigué de cette situation}',
  // German
  '{das ist|das ist doch|echt|so eine} $DE_BAD {|,} {|niemand antwortet|ich warte seit Wochen}',
  '{ich bin|ich bin so|ich bin echt} {sauer|wütend|genervt|stinksauer|frustriert|verärgert}',
  // Portuguese
  '{que serviço|isso é|que|é} $PT_BAD {|,} {|ninguém responde|ninguém me ajuda}',
  '{estou|tô|estou muito} {irritado|irritada|furioso|chateado|cansado disso|com raiva}',
  // Italian
  '{è|questo è|che} $IT_BAD {|,} {|nessuno risponde|nessuno mi aiuta}',
  '{sono|sono davvero|sono molto} {arrabbiato|arrabbiata|stufo|stufa|furioso|incazzato|esasperato} {|di questo servizio|di aspettare}',
  // Dutch
  '{dit is|wat|echt} $NL_BAD {|,} {|niemand reageert|niemand helpt me}',
  '{ik ben|ik ben zo|ik ben echt} {boos|woedend|het zat|gefrustreerd|kwaad}',
  // Swedish
  '{det här är|detta är|vad} $SV_BAD {|,} {|ingen svarar|ingen hjälper mig}',
  '{jag är|jag är så|jag är riktigt} {arg|förbannad|trött på det här|irriterad|frustrerad}',
  // Russian
  '{это|это просто|какой|какое} $RU_BAD {|,} {|никто не отвечает|никто не помогает}',
  '{я|я очень|я просто} {зол|злой|в бешенстве|в ярости|устал от этого|недоволен}',
  // "I'm fed up / I've had enough", each language's own idiom.
  "{j'en ai marre|ras le bol|j'en ai assez|j'en peux plus|ça suffit|y en a marre} {|de vos services|de cette appli|de ce bot|d'attendre|de vous|!}",
  '{estoy harto|estoy harta|ya basta|ya está bien|no aguanto más|me tienen harto} {|de esperar|de este servicio|de ustedes|!}',
  "{ich habe die Nase voll|mir reicht's|mir reicht es|es reicht|ich hab genug} {|von euch|vom Warten|von diesem Service|!}",
  '{estou farto|estou farta|já chega|não aguento mais|cansei} {|de esperar|deste serviço|de vocês|!}',
  '{ne ho abbastanza|basta|non ne posso più|sono stufo|sono stufa} {|di aspettare|di questo servizio|di voi|!}',
  '{ik heb er genoeg van|ik ben het zat|het is genoeg|ik ben er klaar mee} {|met jullie|met wachten|!}',
  '{jag har fått nog|nu räcker det|jag orkar inte mer} {|av er|av att vänta|!}',
  '{надоело|достало|хватит|сил больше нет|я устал ждать} {|!|ждать|от вас}',
  // Chinese
  '{太|真}{气人|差劲|烂|过分|离谱|恶心}了{|，根本没人管|，没人回复|！}',
  '{什么破|垃圾|这是什么}{服务|机器人|客服|公司}{|！|啊}',
  '{我很|我非常|我真的}{生气|愤怒|失望|烦}{|！|了}',
  '{气死我了|烦死了|受够了|真是够了|无语了|太坑了|恶心死了|忍无可忍|简直是浪费时间}{|！|，到底有没有人管|，你们怎么回事}',
];
